import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** The coordinator console: served by the API under /console/ (built into dist/console, or live in `npm run dev`). */
export default defineConfig({
  root: webRoot,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The production CSP forbids inline code: no inlined module-preload polyfill or data: assets.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    root: webRoot,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
