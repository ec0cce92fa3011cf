import type { NormalisedReferral } from '@sinag/core';
import { humanise, IDENTIFIER_KIND_LABELS, placeText } from '../format.ts';
import { DateTime } from './DateTime.tsx';
import { Section } from './Section.tsx';
import { TableScroll } from './TableScroll.tsx';

type Person = NormalisedReferral['reportedPersons'][number];

function PersonCard({ person, number }: { person: Person; number: number }) {
  const where = placeText(person.location);
  return (
    <article className="person">
      <h3>
        {number}. {person.role === 'reported' ? 'Reported person' : humanise(person.role)}
        {person.name && <span className="muted"> · {person.name}</span>}
      </h3>
      {where && <p className="muted">{where}</p>}
      {person.identifiers.length === 0 ? (
        <p className="muted">No identifiers given.</p>
      ) : (
        <TableScroll label={`Identifiers of person ${number}`}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Value</th>
                <th scope="col">Normalised</th>
                <th scope="col">Service</th>
                <th scope="col">Observed at</th>
                <th scope="col">Event</th>
              </tr>
            </thead>
            <tbody>
              {person.identifiers.map((identifier, index) => (
                <tr key={index}>
                  <td>{IDENTIFIER_KIND_LABELS[identifier.kind]}</td>
                  <td className="mono wrap">{identifier.value}</td>
                  <td className="mono wrap">{identifier.normalised}</td>
                  <td>{identifier.service ?? <span className="muted">—</span>}</td>
                  <td>
                    <DateTime value={identifier.observedAt} />
                  </td>
                  <td>{identifier.event ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </article>
  );
}

export function ReportedPersons({ persons }: { persons: Person[] }) {
  return (
    <Section title={`Reported persons (${persons.length})`} className="wide">
      {persons.length === 0 ? (
        <p className="muted">No persons reported.</p>
      ) : (
        persons.map((person, index) => <PersonCard key={index} person={person} number={index + 1} />)
      )}
    </Section>
  );
}
