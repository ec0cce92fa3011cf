export {
  CYBERTIPLINE_INCIDENT_TYPES,
  CYBERTIPLINE_REPEATED,
  cybertiplineParser,
  mapCyberTiplineReport,
  type ReportContext,
} from './report.ts';
export { mapFileDetails, type MappedFileDetails } from './file-details.ts';
