// Entry of innovaphone-recordingsadmin.htm (admin app).
import { bootMyApps } from './myapps-main.js';

bootMyApps();
