import { defineConfig } from 'vite'

// 5173 and nothing else: the API's CORS_ORIGINS and PUBLIC_APP_URL name this origin (`npm run spa` sets both).
export default defineConfig({
  server: { host: 'localhost', port: 5173, strictPort: true },
  preview: { host: 'localhost', port: 5173, strictPort: true }
})
