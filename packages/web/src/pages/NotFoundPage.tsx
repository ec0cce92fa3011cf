import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="page">
      <title>Not found · Sinag</title>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the home page</Link>.
      </p>
    </section>
  );
}
