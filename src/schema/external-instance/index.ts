import './enums.js';
import './inputs.js';
import './objects.js';
import './sync.js';
import './query.js';
import './list.js';
