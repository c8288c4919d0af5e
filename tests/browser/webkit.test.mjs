// The candidate's path on WebKit (iPhones: every iOS browser and WeChat on
// iOS), through WebKitGTK's MiniBrowser: see engines/scenarios.mjs.
import { engineTests } from './engines/scenarios.mjs';
import { launchWebKit } from './engines/webkit.mjs';

engineTests('webkit', launchWebKit);
