// Entry of innovaphone-recordings.htm (user app).
import { bootMyApps } from './myapps-main.js';

bootMyApps();
