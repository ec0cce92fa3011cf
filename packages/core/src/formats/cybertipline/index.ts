export {
  CYBERTIPLINE_INCIDENT_TYPES,
  cybertiplineParser,
  mapCyberTiplineReport,
  type ReportContext,
} from './report.ts';
export { mapFileDetails, type MappedFileDetails } from './file-details.ts';
