import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev:renderer` proxies the API to a running `coldstart serve --port $COLDSTART_API_PORT`.
const apiPort = Number(process.env.COLDSTART_API_PORT ?? 7420);

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build loads from Electron's custom protocol and from the HTTP server.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Source maps stay out of the shipped bundle; the dev server has its own.
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: true },
    },
  },
});
