// (c) of scripts/bench/token-stats.sh: the npm `tiktoken` package (Rust compiled to WASM, one thread)
// over the benchmark texts, one JSON object {"text": ...} per line.
//   node scripts/bench/tiktoken-bench.mjs --input texts.jsonl [--encoding o200k_base] [--warmup 1] [--repeat 1]
// Times only encode_ordinary (special-token strings are encoded as plain text), after warm-up passes;
// keeps the best timed pass. Prints `BENCH key=value` lines.
import { readFileSync } from "node:fs";
import { get_encoding } from "tiktoken";

function options(argv) {
  const o = { encoding: "o200k_base", warmup: "1", repeat: "1" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument '${a}'`);
    const eq = a.indexOf("=");
    if (eq >= 0) o[a.slice(2, eq)] = a.slice(eq + 1);
    else o[a.slice(2)] = argv[++i];
  }
  if (!o.input) throw new Error("missing --input texts.jsonl");
  return o;
}

const opts = options(process.argv.slice(2));
const texts = readFileSync(opts.input, "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l).text);
const enc = get_encoding(opts.encoding);

function pass() {
  let tokens = 0;
  for (const t of texts) tokens += enc.encode_ordinary(t).length;
  return tokens;
}

try {
  for (let w = 0; w < Number(opts.warmup); w++) {
    const s = process.hrtime.bigint();
    const n = pass();
    console.error(`[tiktoken] warm-up pass ${w + 1}: ${n} tokens in ${(Number(process.hrtime.bigint() - s) / 1e9).toFixed(2)} s`);
  }
  let best = Infinity;
  let bestCpu = 0;
  let tokens = 0;
  for (let r = 0; r < Number(opts.repeat); r++) {
    const s = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    tokens = pass();
    const sec = Number(process.hrtime.bigint() - s) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    console.error(`[tiktoken] timed pass ${r + 1}: ${tokens} tokens in ${sec.toFixed(2)} s (${Math.round(tokens / sec)} tokens/s)`);
    if (sec < best) {
      best = sec;
      bestCpu = (cpu.user + cpu.system) / 1e6;
    }
  }
  console.log(`BENCH encoding=${opts.encoding}`);
  console.log(`BENCH documents=${texts.length}`);
  console.log(`BENCH tokens=${tokens}`);
  console.log(`BENCH seconds=${best.toFixed(6)}`);
  console.log(`BENCH tokens_per_s=${(tokens / best).toFixed(3)}`);
  console.log(`BENCH process_cpu_seconds=${bestCpu.toFixed(6)}`);
} finally {
  enc.free();
}
