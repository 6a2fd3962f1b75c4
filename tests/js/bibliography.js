// Formats CSL-JSON items with citeproc-js (through citation-js), the processor inside Zotero
// and Mendeley, so that tests can compare plbib's output with the reference implementation.
//   node tests/js/bibliography.js STYLE.csl FORMAT(text|html) LOCALE [LOCALE.xml] < items.json
// prints a JSON array of [id, entry] in the bibliography's order. With LOCALE.xml, that locale
// file is used (the same one citeproc-py reads), not citation-js's bundled copy.
'use strict'
const fs = require('fs')
const { Cite, plugins } = require('@citation-js/core')
require('@citation-js/plugin-csl')
const { bibliographyEntries } = require('./entries.js')

const [stylePath, format = 'text', locale = 'en-US', localePath] = process.argv.slice(2)
const items = JSON.parse(fs.readFileSync(0, 'utf8'))
const config = plugins.config.get('@csl')
const name = 'plbib-test-style'
config.templates.add(name, fs.readFileSync(stylePath, 'utf8'))
if (localePath) config.locales.add(locale, fs.readFileSync(localePath, 'utf8'))
const cite = new Cite(items, { forceType: '@csl/list+object' })
const entries = bibliographyEntries(cite, { format, template: name, lang: locale })
process.stdout.write(JSON.stringify(entries))
