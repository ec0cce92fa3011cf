/** The server code, loaded only by the commands that run: `--help` and argument errors stay fast. */
export const loadServer = () => import('@sinag/server');
