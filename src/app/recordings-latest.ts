// Entry of innovaphone-recordings-latest.htm: the softphone panel. Boots like the user app
// (openMyApps) but shows only <rec-latest>, the signed-in user's newest recordings with a compact
// player.
import { t } from './i18n/i18n.js';
import { openMyApps } from './myapps-boot.js';
import './elements/rec-latest.js';

const { connection } = openMyApps(() => t('latestPageTitle'));
const el = document.createElement('rec-latest');
el.connection = connection;
document.body.append(el);
connection.start();
