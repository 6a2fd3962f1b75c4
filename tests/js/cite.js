// In-text citations by citeproc-js (through citation-js's engine), every item registered
// first, as a document's bibliography would register them:
//   node tests/js/cite.js STYLE.csl LOCALE LOCALE.xml ID[,ID…] [ID[,ID…] …] < items.json
// prints a JSON array with one citation per argument (each in first position).
'use strict'
const fs = require('fs')
const { util, plugins } = require('@citation-js/core')
require('@citation-js/plugin-csl')
const prepareEngine = require('@citation-js/plugin-csl/lib/engines.js').default

const [stylePath, locale, localePath, ...clusters] = process.argv.slice(2)
const items = util.downgradeCsl(JSON.parse(fs.readFileSync(0, 'utf8')))
const config = plugins.config.get('@csl')
const name = 'plbib-test-style'
config.templates.add(name, fs.readFileSync(stylePath, 'utf8'))
config.locales.add(locale, fs.readFileSync(localePath, 'utf8'))
const engine = prepareEngine(items, name, locale, 'text')
engine.updateUncitedItems(items.map((item) => item.id))
// processCitationCluster (not preview, which registers the cited items only): each
// citation is the document's first, disambiguated against every registered item
const out = clusters.map((ids, index) => {
  const [, result] = engine.processCitationCluster({
    citationID: `c${index}`,
    citationItems: ids.split(',').map((id) => ({ id })),
    properties: { noteIndex: 0 }
  }, [], [])
  return result[0][1]
})
process.stdout.write(JSON.stringify(out))
