// A bibliography as [id, entry] pairs, each entry with the id citeproc-js made it for.
// citation-js's asEntryArray pairs citeproc-js's entries with the ids it asked for, in order;
// where citeproc-js leaves an entry out (a style that prints nothing for an item), every id
// after it is off by one. Each entry is marked with its own id instead (citation-js's
// prepend hook, which citeproc-js calls with the entry's item) and read back from there.
'use strict'
const START = '\u0001'
const END = '\u0002'
const MARK = new RegExp(`${START}([^${END}]*)${END}`)

function bibliographyEntries (cite, options) {
  const entries = cite.format('bibliography', {
    ...options, asEntryArray: true, prepend: (item) => `${START}${item.id}${END}`
  })
  return entries.map(([asked, entry]) => {
    const found = entry.match(MARK)
    const id = found ? found[1] : asked
    const text = entry.replace(MARK, '')
      .replace(`data-csl-entry-id="${asked}"`, `data-csl-entry-id="${id}"`)
    return [id, text]
  })
}

module.exports = { bibliographyEntries }
