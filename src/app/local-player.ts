// Entry of index.html: the local capture player page, in the browser's language (en or de).
import { pickLang, setLang } from './i18n/i18n.js';
import { registerServiceWorker } from './services/offline-start.js';
import './elements/rec-local-player.js';

setLang(pickLang(navigator.language));
void registerServiceWorker(); // the page and the decoder then start without a network too
