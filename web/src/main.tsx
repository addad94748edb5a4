import { render } from 'preact';
import { App, preloadRoute } from './App';
import { browserSessionStore } from './state/session';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

// The start-up in short tasks, for a phone's slow main thread: reading the session from the device and
// loading the page's code start with the modules' evaluation; the first render comes in a task of its own.
browserSessionStore();
preloadRoute(location.pathname);
setTimeout(() => render(<App />, root), 0);
