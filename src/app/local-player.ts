// Entry of index.html: the local capture player page.
import './elements/rec-local-player.js';
