/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The API the dev server forwards to: `giamngheo serve --demo` on its default address, or
// another running server given by GIAMNGHEO_API=http://127.0.0.1:PORT.
const api = process.env.GIAMNGHEO_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components and their CSS are imported per use, so each lazy route
    // carries only what it shows.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
  ],
  server: {
    // data/vocabulary.json, shared with the server, lies outside web/.
    fs: { allow: ['..'] },
    proxy: { '/api': { target: api, changeOrigin: false }, '/healthz': api },
  },
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 1000, // exceljs (~270 kB gzip) is loaded only when a person exports
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
  },
})
