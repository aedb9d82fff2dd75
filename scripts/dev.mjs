#!/usr/bin/env node
// `npm run dev`: Lettr (the API, on LETTR_PORT or 3000) and Vite's dev server for the dashboard (hot reload, on 5173)
// side by side; Vite proxies /api and /dashboard/api to Lettr. Ctrl-C stops both.
import { spawn } from 'node:child_process';

const port = process.env.LETTR_PORT ?? '3000';
const children = [
  spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'start'], { stdio: 'inherit', env: process.env }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'web/vite.config.ts'], {
    stdio: 'inherit', env: { ...process.env, LETTR_DEV_API: `http://localhost:${port}` },
  }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
