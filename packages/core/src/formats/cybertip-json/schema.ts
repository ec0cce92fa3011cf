import { z } from 'zod';

/**
 * A CyberTip as NCMEC forwards it to law enforcement, in its JSON form. The layout follows the sections of
 * the report NCMEC sends (reported information from the ESP, uploaded files, source information, NCMEC's own
 * additions). The schema is deliberately lenient: it requires only what identifies a CyberTip (its id and
 * incident type), accepts the spellings exports use (numbers or strings, "Yes"/"No" or booleans, one value or
 * a list), and keeps every key it does not know (`z.looseObject`), so the mapping can carry it into
 * `attributes` instead of dropping it.
 */

/** A scalar as text: exports write ids and counts as numbers or strings. */
const Text = z.union([z.string(), z.number()]).transform(String);
/** One value or a list of them. */
const many = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), item]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
/** true/false, "true"/"false", "Yes"/"No", "Y"/"N", 1/0; anything else is no answer. */
export const YesNo = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .transform((v): boolean | undefined => {
    if (typeof v === 'boolean') return v;
    if (v === null) return undefined;
    const s = String(v).trim().toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(s)) return true;
    if (['false', 'no', 'n', '0'].includes(s)) return false;
    return undefined;
  });

/** An email or phone as a bare value or `{ value, verified }` (exports use both). */
export const ContactValue = z.union([
  Text,
  z.looseObject({
    value: Text.optional(),
    email: Text.optional(),
    phone: Text.optional(),
    number: Text.optional(),
    verified: YesNo.optional(),
    countryCallingCode: Text.optional(),
  }),
]);

export const JsonAddress = z.looseObject({
  address: Text.optional(),
  street: Text.optional(),
  city: Text.optional(),
  state: Text.optional(),
  region: Text.optional(),
  zipCode: Text.optional(),
  postalCode: Text.optional(),
  country: Text.optional(),
  countryCode: Text.optional(),
  type: Text.optional(),
});

export const EstimatedLocation = z.looseObject({
  city: Text.optional(),
  region: Text.optional(),
  countryCode: Text.optional(),
  country: Text.optional(),
  verified: YesNo.optional(),
});

/** A person as the ESP described them: a reported user, an intended recipient or a child. */
export const JsonPerson = z.looseObject({
  firstName: Text.optional(),
  middleName: Text.optional(),
  lastName: Text.optional(),
  name: Text.optional(),
  dateOfBirth: Text.optional(),
  age: Text.optional(),
  emails: many(ContactValue).optional(),
  email: many(ContactValue).optional(),
  phones: many(ContactValue).optional(),
  phone: many(ContactValue).optional(),
  screenNames: many(Text).optional(),
  screenName: many(Text).optional(),
  displayNames: many(Text).optional(),
  displayName: many(Text).optional(),
  espService: Text.optional(),
  espUserIds: many(Text).optional(),
  espUserId: many(Text).optional(),
  espIdentifier: many(Text).optional(),
  profileUrls: many(Text).optional(),
  profileUrl: many(Text).optional(),
  addresses: many(JsonAddress).optional(),
  address: many(JsonAddress).optional(),
  estimatedLocation: EstimatedLocation.optional(),
  schoolName: Text.optional(),
  priorCTReports: many(Text).optional(),
});
export type JsonPerson = z.output<typeof JsonPerson>;

export const SourceCapture = z.looseObject({
  ipAddress: Text.optional(),
  eventName: Text.optional(),
  dateTime: Text.optional(),
  port: Text.optional(),
  possibleProxy: YesNo.optional(),
  /** What ties a capture to an account or a file, when the export says so. */
  espUserId: Text.optional(),
  screenName: Text.optional(),
  email: Text.optional(),
  fileName: Text.optional(),
  fileId: Text.optional(),
});
export type SourceCapture = z.output<typeof SourceCapture>;

export const UploadedFile = z.looseObject({
  fileId: Text.optional(),
  fileName: Text.optional(),
  originalFileName: Text.optional(),
  md5: Text.optional(),
  sha1: Text.optional(),
  sha256: Text.optional(),
  pdq: Text.optional(),
  hashes: z.array(z.looseObject({ hashType: Text.optional(), value: Text.optional() })).optional(),
  fileSize: Text.optional(),
  viewedByEsp: YesNo.optional(),
  publiclyAvailable: YesNo.optional(),
  fileRelevance: Text.optional(),
  industryClassification: Text.optional(),
  fileAnnotations: z.union([many(Text), z.record(z.string(), z.unknown())]).optional(),
  uploadedToEspTimestamp: Text.optional(),
});
export type UploadedFile = z.output<typeof UploadedFile>;

export const CyberTipJson = z.looseObject({
  reportId: Text,
  dateReceived: Text.optional(),
  reportedInformation: z.looseObject({
    reportingEsp: z
      .looseObject({
        espName: Text.optional(),
        firstName: Text.optional(),
        lastName: Text.optional(),
        email: Text.optional(),
        phone: Text.optional(),
      })
      .optional(),
    incidentSummary: z.looseObject({
      incidentType: many(Text).refine((v) => v.length > 0, 'must name at least one incident type'),
      incidentDateTime: Text.optional(),
      incidentDateTimeDescription: Text.optional(),
      escalateToHighPriority: Text.optional(),
      reportAnnotations: z.union([many(Text), z.record(z.string(), z.unknown())]).optional(),
    }),
    reportedPeople: z
      .looseObject({
        reportedPersons: z.array(JsonPerson).optional(),
        intendedRecipients: z.array(JsonPerson).optional(),
        victims: z.array(JsonPerson).optional(),
      })
      .optional(),
    additionalInformation: many(Text).optional(),
  }),
  uploadedFiles: z.looseObject({ uploadedFiles: z.array(UploadedFile).optional() }).optional(),
  sourceInformation: z.looseObject({ sourceCaptures: z.array(SourceCapture).optional() }).optional(),
});
export type CyberTipJson = z.output<typeof CyberTipJson>;
