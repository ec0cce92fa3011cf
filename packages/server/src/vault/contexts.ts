/**
 * What each ciphertext is bound to (its AES-GCM associated data): the record it belongs to, so a ciphertext
 * copied onto another record does not decrypt. One place, because key rotation re-encrypts every kind.
 */
export const encryptionContext = {
  referralVictim: (referralId: string, victimIndex: number) => `victim:${referralId}:${victimIndex}`,
  referralDocument: (referralId: string, documentIndex: number) => `document:${referralId}:${documentIndex}`,
  ispwsReport: (reportId: string) => `ispws-report:${reportId}`,
  ispwsFileDetails: (fileId: string) => `ispws-file-details:${fileId}`,
  caseVictimIdentity: (victimId: string) => `case-victim-identity:${victimId}`,
  placement: (placementId: string) => `aftercare-placement:${placementId}`,
};
