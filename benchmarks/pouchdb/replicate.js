// PouchDB baseline for benchmarks/bench_relay.py.
//
//   node replicate.js CASES.jsonl REMOTE_URL WORKDIR
//
// Loads one plain document per line into a fresh local PouchDB (LevelDB in
// WORKDIR, not timed), then times db.replicate.to(remote) (push) and, into a
// second fresh local PouchDB, db.replicate.from(remote) (pull). Default
// replication options. Prints one JSON line with the timings and doc counts.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const PouchDB = require('pouchdb-node');

async function readDocs(file) {
  const docs = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim()) docs.push(JSON.parse(line));
  }
  return docs;
}

async function main() {
  const [file, remoteUrl, workdir] = process.argv.slice(2);
  if (!file || !remoteUrl || !workdir) {
    console.error('usage: node replicate.js CASES.jsonl REMOTE_URL WORKDIR');
    process.exit(2);
  }
  const docs = await readDocs(file);
  const a = new PouchDB(path.join(workdir, 'local-a'));
  const t0load = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i += 1000) {
    const res = await a.bulkDocs(docs.slice(i, i + 1000));
    const bad = res.filter((r) => r.error);
    if (bad.length) throw new Error('bulkDocs failed: ' + JSON.stringify(bad[0]));
  }
  const loadS = Number(process.hrtime.bigint() - t0load) / 1e9;

  const remote = new PouchDB(remoteUrl);
  const t0 = process.hrtime.bigint();
  const pushed = await a.replicate.to(remote);
  const pushS = Number(process.hrtime.bigint() - t0) / 1e9;

  const b = new PouchDB(path.join(workdir, 'local-b'));
  const t1 = process.hrtime.bigint();
  const pulled = await b.replicate.from(remote);
  const pullS = Number(process.hrtime.bigint() - t1) / 1e9;

  const info = await b.info();
  // Spot-check content equality on a sample of documents.
  const sample = docs.filter((_, i) => i % Math.max(1, Math.floor(docs.length / 200)) === 0);
  for (const d of sample) {
    const got = await b.get(d._id);
    for (const k of Object.keys(d)) {
      if (JSON.stringify(got[k]) !== JSON.stringify(d[k])) throw new Error('mismatch in ' + d._id + ' ' + k);
    }
  }
  console.log(JSON.stringify({
    docs: docs.length,
    load_s: loadS,
    push_s: pushS,
    pull_s: pullS,
    push_docs_written: pushed.docs_written,
    pull_docs_written: pulled.docs_written,
    b_doc_count: info.doc_count,
    sample_checked: sample.length,
  }));
  await a.close();
  await b.close();
  await remote.close();
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
