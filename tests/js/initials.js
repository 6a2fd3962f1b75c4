// citeproc-js's own initialisation of given names (CSL.Util.Names.initializeWith), for
// tests/test_initials.py:  node tests/js/initials.js < [[given, terminator, hyphen, initialize], …]
// prints the results as a JSON array.
'use strict'
const CSL = require('citeproc')
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'))
const out = cases.map(([given, terminator, hyphen, initialize]) => {
  const state = { opt: { 'initialize-with-hyphen': hyphen, lang: 'en' }, tmp: { lang_array: ['en'] } }
  return CSL.Util.Names.initializeWith(state, given, terminator, !initialize)
})
process.stdout.write(JSON.stringify(out))
