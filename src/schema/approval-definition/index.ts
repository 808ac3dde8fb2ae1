import './objects.js';
import './query.js';
