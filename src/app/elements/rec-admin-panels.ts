// The admin sections, loaded by rec-app only in the admin app (users never download them).
import './rec-admin-access.js';
import './rec-admin-audit.js';
import './rec-admin-recycle-bin.js';
import './rec-admin-settings.js';
import './rec-admin-status.js';
