import type { ChargeView, ProsecutionView } from '@sinag/core';
import { useState } from 'react';
import { useAction } from '../../useAction.ts';
import type { Values } from './CaseForm.tsx';

export const statuteName = (s: ChargeView['statute']) =>
  `${s.jurisdiction} ${s.code}${s.section ? ` ${s.section}` : ''}`;

/** What each part of the prosecution section is given. */
export interface PartProps {
  caseId: string;
  view: ProsecutionView;
  canWork: boolean;
  onDone: (v: ProsecutionView) => void;
}

/** What a form about one charge is given. */
export interface ChargeProps {
  caseId: string;
  charge: ChargeView;
  onDone: (v: ProsecutionView) => void;
}

/** One form that posts its values (as the route takes them) and reloads the prosecution. */
export function useProsecutionForm(onDone: (view: ProsecutionView) => void) {
  const action = useAction();
  const [values, setValues] = useState<Values>({});
  const send = async (request: () => Promise<ProsecutionView>) => {
    let view: ProsecutionView | undefined;
    const ok = await action.run(async () => {
      view = await request();
    });
    if (ok && view) {
      setValues({});
      onDone(view);
    }
  };
  return { ...action, values, setValues, send };
}
