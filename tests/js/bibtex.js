// Reads BibLaTeX (or BibTeX) entries with citation-js's BibTeX plugin, one of the converters
// plbib's CSL-JSON mapping is measured against (scripts/bib_to_csl.py).
//   node tests/js/bibtex.js < job.json
// job.json: {"preamble": "@string definitions", "entries": [[key, text], ...]}. Reads them
// all at once (so that crossref works); an entry citation-js cannot read at all is found by
// reading each alone, reported, and left out. Prints {"items": [CSL-JSON], "errors":
// [[key, message], ...]}.
'use strict'
const fs = require('fs')
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')

const job = JSON.parse(fs.readFileSync(0, 'utf8'))
const read = (entries) => new Cite(
  `${job.preamble}\n${entries.map(([, text]) => text).join('\n')}`,
  { forceType: '@biblatex/text' }).data
const firstLine = (error) => String(error && error.message ? error.message : error).split('\n')[0]

let items
const errors = []
try {
  items = read(job.entries)
} catch (whole) {
  const readable = job.entries.filter(([key, text]) => {
    try {
      read([[key, text]])
      return true
    } catch (error) {
      errors.push([key, firstLine(error)])
      return false
    }
  })
  items = read(readable)
}
process.stdout.write(JSON.stringify({ items: items.map(({ _graph, ...item }) => item), errors }))
