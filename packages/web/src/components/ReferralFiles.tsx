import type { ReferralDetail } from '@sinag/core';
import { yesNo } from '../format.ts';
import { Hash } from './Hash.tsx';
import { Section } from './Section.tsx';
import { FileMatches } from './FileMatches.tsx';
import { TableScroll } from './TableScroll.tsx';

/** The reported files as hashes and flags only: this product never shows media. */
export function ReferralFiles({ files }: { files: ReferralDetail['files'] }) {
  return (
    <Section title={`Files (${files.length})`} className="wide">
      {files.length === 0 ? (
        <p className="muted">No files reported.</p>
      ) : (
        <TableScroll label="Files">
          <table className="data-table files-table">
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  #
                </th>
                <th scope="col">Name</th>
                <th scope="col">MD5</th>
                <th scope="col">SHA-1</th>
                <th scope="col">SHA-256</th>
                <th scope="col">PDQ</th>
                <th scope="col">Viewed by platform</th>
                <th scope="col">Public</th>
                <th scope="col">Warrant</th>
                <th scope="col">Hash sets</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file, position) => (
                <tr key={file.index}>
                  <td className="numeric">{position + 1}</td>
                  <td className="wrap">{file.name ?? <span className="muted">—</span>}</td>
                  <td>
                    <Hash value={file.md5} />
                  </td>
                  <td>
                    <Hash value={file.sha1} />
                  </td>
                  <td>
                    <Hash value={file.sha256} />
                  </td>
                  <td>
                    <Hash value={file.pdq} />
                    {file.pdqQuality !== null && (
                      <span className={file.pdqQuality < 50 ? 'badge badge-warn' : 'muted'}>
                        {' '}
                        quality {file.pdqQuality}
                        {file.pdqQuality < 50 && ' (unreliable)'}
                      </span>
                    )}
                  </td>
                  <td>{yesNo(file.viewedByEsp)}</td>
                  <td>{yesNo(file.publiclyAvailable)}</td>
                  <td>
                    {file.warrantRequired ? (
                      <span className="badge badge-warrant">Warrant required before viewing</span>
                    ) : (
                      <span className="muted">Not required</span>
                    )}
                  </td>
                  <td className="wrap">
                    <FileMatches matching={file.matching} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Section>
  );
}
