import './enums.js';
import './form-widgets.js';
import './inputs.js';
import './objects.js';
import './create.js';
import './query.js';
import './native.js';
