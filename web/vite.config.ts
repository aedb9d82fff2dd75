// Vite for the dashboard: `npm run build:web` writes web/dist (served by Lettr at `/`); `npm run dev` serves the app
// with hot reload and proxies the API to a Lettr on LETTR_DEV_API (default http://localhost:3000), rewriting Origin so
// the CSRF origin check sees Lettr's own origin.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { gzipAssets } from './build/gzip-assets.ts';

const api = process.env.LETTR_DEV_API ?? 'http://localhost:3000';
const proxy = { target: api, changeOrigin: true, headers: { origin: api } };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), gzipAssets()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200, manifest: true },
  server: { proxy: { '/dashboard/api': proxy, '/api': proxy } },
});
