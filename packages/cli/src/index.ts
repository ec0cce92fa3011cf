export { apiClient, withBackend, type ApiCall } from './backend.ts';
