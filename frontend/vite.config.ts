/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In production the SPA is served from the API's origin, so everything is relative; in dev Vite
// forwards the API and the WebSocket to the locally running server.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
      '/ws': { target: 'ws://localhost:3001', ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/ },
            { name: 'markdown', test: /node_modules[\\/](react-markdown|remark-|rehype-|micromark|mdast-|hast-|unist-|unified|vfile|lowlight|highlight\.js|property-information|space-separated-tokens|comma-separated-tokens|decode-named-character-reference|character-entities|ccount|devlop|bail|trough|is-plain-obj|html-url-attributes|zwitch|longest-streak|markdown-table|trim-lines|estree-util|style-to-js|style-to-object|inline-style-parser|escape-string-regexp|web-namespaces|@ungap)/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Two shared cores: keep the worker pool small.
    maxWorkers: 2,
    // user-event typing in jsdom is slow on a busy 2-core machine; a hung test still fails, later
    testTimeout: 20_000,
    css: false,
  },
});
