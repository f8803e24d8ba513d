// Imports one bundle in this fresh process and prints how long the import took, in milliseconds.
const started = performance.now();
await import(process.argv[2]);
process.stdout.write(JSON.stringify({ initMs: performance.now() - started }));
