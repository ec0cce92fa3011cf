import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // The UI takes only constants from @sinag/core: let the bundler drop what it can of the rest (Node-only code, schemas).
      treeshake: {
        moduleSideEffects: [
          {
            test: /packages\/core\/src\/|node_modules\/(zod|ipaddr\.js|libphonenumber-js)\//,
            sideEffects: false,
          },
        ],
        manualPureFunctions: ['z'],
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
