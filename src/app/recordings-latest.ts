// Entry of innovaphone-recordings-latest.htm: the softphone panel. Boots like the user app
// (start parameters → language and scheme → login through the parent window) but shows only
// <rec-latest>, the signed-in user's newest recordings with a compact player.
import { onLangChange, setLang, t } from './i18n/i18n.js';
import { AppConnection } from './services/connection.js';
import { MyAppsHost, readStart } from './services/myapps.js';
import { applyScheme } from './services/scheme.js';
import './elements/rec-latest.js';

const start = readStart(location.href, navigator.language);
setLang(start.lang);
applyScheme(start.scheme);
const host = new MyAppsHost(window, start);
host.onLang(setLang);
host.onScheme((s) => applyScheme(s));
const connection = new AppConnection({ url: start.url, appObject: start.name, login: host });
const el = document.createElement('rec-latest');
el.connection = connection;
const title = () => { document.title = start.title || t('latestPageTitle'); };
title();
onLangChange(title);
document.body.append(el);
connection.start();
