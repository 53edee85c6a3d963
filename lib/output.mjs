// Where `tidings render --out FILE` writes: a temporary file beside FILE, renamed over it
// only when the run completes, so FILE never holds a partial output that looks complete.
// A run that fails, is interrupted (SIGINT, SIGTERM, SIGHUP) or exits early removes the
// temporary file and leaves FILE as it was.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { OutputError } from './pipeline.mjs';

// Exit codes of a run ended by a signal: 128 + the signal's number, as a shell reports it.
const SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Ends a write stream; rejects with the error of a write that failed after the last one was handed over. */
function end(stream) {
  return new Promise((resolve, reject) => {
    if (stream.errored) return reject(stream.errored);
    stream.end((e) => (e ? reject(stream.errored ?? e) : resolve()));
  });
}

/**
 * Opens `target` for the output: `{ stream, commit(), abort() }`. `commit` makes the
 * output visible at `target` (fsync, then rename); `abort` removes it. A target that
 * exists and is not a regular file (a FIFO, /dev/stdout) cannot be renamed over and is
 * written directly. Throws if the temporary file cannot be created.
 */
export function openOutput(target) {
  let stat = null;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  if (stat && !stat.isFile()) {
    const stream = fs.createWriteStream(target);
    return {
      stream,
      commit: () => end(stream).catch((e) => { throw new OutputError(e); }),
      abort: () => stream.destroy(),
    };
  }
  // Beside the file a symlink points to, so the rename replaces that file, not the link.
  const real = stat ? fs.realpathSync(target) : target;
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o666);
  // The output replaces the file: it keeps the file's permissions (a 0600 file of
  // recipients stays 0600).
  if (stat) fs.fchmodSync(fd, stat.mode & 0o7777);
  let fdOpen = true;
  let renamed = false;
  const close = () => {
    if (fdOpen) fs.closeSync(fd);
    fdOpen = false;
  };
  // Also on process.exit(): an early exit (a signal, EPIPE, an uncaught error) must not
  // leave the temporary file behind.
  const remove = () => {
    if (renamed) return;
    try { close(); } catch { /* closing cannot fail in a way that keeps the file */ }
    try { fs.unlinkSync(temp); } catch { /* already gone */ }
  };
  const onSignal = (signal) => process.exit(SIGNALS[signal]);
  process.on('exit', remove);
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  const stream = fs.createWriteStream(temp, { fd, autoClose: false });
  return {
    stream,
    async commit() {
      try {
        await end(stream);
        // On disk before it has the name, or a crash could leave a short file at `target`.
        fs.fsyncSync(fd);
        close();
        fs.renameSync(temp, real);
        renamed = true;
      } catch (e) {
        remove();
        throw new OutputError(e);
      }
    },
    abort() {
      stream.destroy();
      remove();
    },
  };
}
