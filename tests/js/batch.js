// Formats one set of CSL-JSON items in many styles with citeproc-js (through citation-js), in
// one process, for the conformance runner (scripts/conformance.py) and its CI sample.
//   node tests/js/batch.js < job.json
// job.json: {"items": [...], "format": "text", "jobs": [{"name": N, "style": PATH,
// "locale": "en-US", "localeFile": PATH}, ...]}. Prints {name: {"entries": [[id, text], ...]}
// or {"error": message}} as JSON: a style citeproc-js cannot run is reported, not fatal.
'use strict'
const fs = require('fs')
const { Cite, plugins } = require('@citation-js/core')
require('@citation-js/plugin-csl')
const { bibliographyEntries } = require('./entries.js')

const job = JSON.parse(fs.readFileSync(0, 'utf8'))
const config = plugins.config.get('@csl')
const cite = new Cite(job.items, { forceType: '@csl/list+object' })
const seenLocales = new Set()
const out = {}
for (const { name, style, locale, localeFile } of job.jobs) {
  try {
    if (localeFile && !seenLocales.has(locale)) {
      config.locales.add(locale, fs.readFileSync(localeFile, 'utf8'))
      seenLocales.add(locale)
    }
    const template = `plbib-${name}`
    config.templates.add(template, fs.readFileSync(style, 'utf8'))
    const entries = bibliographyEntries(cite, {
      format: job.format || 'text', template, lang: locale
    })
    out[name] = { entries }
  } catch (error) {
    out[name] = { error: String(error && error.message ? error.message : error) }
  }
}
process.stdout.write(JSON.stringify(out))
