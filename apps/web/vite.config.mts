import { defineConfig } from 'vite';

/**
 * The browser app, built to apps/web/dist and served by the api at `/` (same origin: no CORS, the bearer token
 * goes to /api). JSX/TSX is compiled by Vite's own transformer (oxc) with the automatic React runtime.
 */
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 900 },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    // `npx vite apps/web` during development, with the api running on :3000.
    proxy: {
      '/api': 'http://localhost:3000',
      '/docs': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
    },
  },
});
