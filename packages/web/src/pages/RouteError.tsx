import { useRouteError } from 'react-router';
import { errorMessage } from '../api.ts';

/** Shown instead of a blank screen if a page fails to render. */
export function RouteError() {
  const error = useRouteError();
  return (
    <div className="notice notice-error" role="alert">
      <p>This page could not be shown: {errorMessage(error)}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
