import { CASE_STATUSES, CASE_TEMPLATES, CASE_TEMPLATE_IDS } from '@sinag/core';
import { ColleagueSelect } from './ColleagueSelect.tsx';

/** The case list's filters, kept in the address so a filtered list can be shared and reloaded. */
export const CASE_FILTER_KEYS = ['status', 'template', 'lead', 'mine'] as const;

/** The filters of the address as API query parameters (page and size left out). */
export function caseFilterQuery(params: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of CASE_FILTER_KEYS) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  return query;
}

export function CaseListFilters({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (key: string, value: string) => void;
}) {
  return (
    <div className="inline-form case-filters" data-testid="case-filters">
      <div className="field">
        <label htmlFor="case-filter-stage">Stage</label>
        <select
          id="case-filter-stage"
          value={params.get('status') ?? ''}
          onChange={(e) => onChange('status', e.target.value)}
        >
          <option value="">Any</option>
          <option value="open">Open (not closed)</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="case-filter-template">Template</label>
        <select
          id="case-filter-template"
          value={params.get('template') ?? ''}
          onChange={(e) => onChange('template', e.target.value)}
        >
          <option value="">Any</option>
          {CASE_TEMPLATE_IDS.map((t) => (
            <option key={t} value={t}>
              {CASE_TEMPLATES[t].label}
            </option>
          ))}
        </select>
      </div>
      <ColleagueSelect
        label="Lead"
        value={params.get('lead') ?? ''}
        onChange={(v) => onChange('lead', v)}
        empty="Anyone"
      />
      <div className="field checkbox">
        <input
          id="case-filter-mine"
          type="checkbox"
          checked={params.get('mine') === 'true'}
          onChange={(e) => onChange('mine', e.target.checked ? 'true' : '')}
        />
        <label htmlFor="case-filter-mine">Only my cases</label>
      </div>
    </div>
  );
}
