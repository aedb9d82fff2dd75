#!/usr/bin/env node
// The `lettr` executable: runs the compiled CLI (built by `npm install` through the prepare script).
import('../dist/cli/run.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/run.js')) {
    process.stderr.write('lettr: not built yet; run `npm run build` (npm install does it for you)\n');
    process.exit(1);
  }
  throw err;
});
