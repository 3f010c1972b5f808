// Cuepoint's web app: the little script the pages need. Everything works without it but
// the uploader's progress bar and result in place.
"use strict";
