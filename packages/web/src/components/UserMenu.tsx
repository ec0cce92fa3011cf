import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api.ts';
import { humanise } from '../format.ts';
import { useSession } from '../session.tsx';

/** A disclosure, not an ARIA menu: it holds a little text and one button. */
export function UserMenu() {
  const { session, logout } = useSession();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  if (!session) return null;
  const { user } = session;

  return (
    <div
      className="user-menu"
      data-testid="user-menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button
        type="button"
        className="user-menu-button"
        ref={toggle}
        aria-expanded={open}
        aria-controls="user-menu-panel"
        onClick={() => setOpen(!open)}
      >
        <span className="user-menu-name">{user.displayName}</span>
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </button>
      <div id="user-menu-panel" className="user-menu-panel" hidden={!open}>
        <dl className="fields">
          <dt>Username</dt>
          <dd>{user.username}</dd>
          <dt>Role</dt>
          <dd>{humanise(user.role)}</dd>
          <dt>Organisation</dt>
          <dd>{user.organisation.name}</dd>
        </dl>
        <button
          type="button"
          className="button"
          onClick={() => logout().catch((e: unknown) => setError(`Could not log out: ${errorMessage(e)}`))}
        >
          Log out
        </button>
        <p role="alert" className="form-error">
          {error}
        </p>
      </div>
    </div>
  );
}
