// The candidate's path on Firefox ESR over WebDriver BiDi: see engines/scenarios.mjs.
import { engineTests } from './engines/scenarios.mjs';
import { launchFirefox } from './engines/firefox.mjs';

engineTests('firefox', launchFirefox);
