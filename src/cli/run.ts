// Entry point: run the CLI; `start` keeps the process alive, every other command exits with its status.
import { main } from './main.js';

const argv = process.argv.slice(2);
main(argv).then((code) => {
  if (argv[0] !== 'start' || code !== 0) process.exit(code);
});
