export { CyberTipJson } from './schema.ts';
export {
  dateTime as cyberTipDateTime,
  mapCyberTipJson,
  readCyberTipJson,
  type CyberTipJsonRead,
} from './map.ts';
