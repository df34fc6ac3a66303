/**
 * The passwords people choose first, lower case: entries from the top of the breach-derived lists
 * (SecLists' most common passwords, the NCSC's top 100,000), the Swedish favourites and this
 * service's own words. Short entries matter too: the policy strips trailing digits and symbols and undoes
 * repetition before it looks here, so "Password123!" and "sommarsommar" are found through
 * "password" and "sommar". Small on purpose: an attacker's first guesses, not a dictionary.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  // International, by frequency in breaches.
  '123456', 'password', '123456789', '12345678', '12345', 'qwerty', '1234567', '111111', '1234567890',
  '123123', 'abc123', '1234', 'password1', 'iloveyou', '1q2w3e4r', '000000', 'qwerty123', 'zaq12wsx',
  'dragon', 'sunshine', 'princess', 'letmein', '654321', 'monkey', '27653', '1qaz2wsx', '123321',
  'qwertyuiop', 'superman', 'asdfghjkl', 'trustno1', 'football', 'baseball', 'welcome', 'shadow',
  'master', 'michael', 'jennifer', 'hunter', 'charlie', 'jordan', 'thomas', 'daniel', 'starwars',
  'freedom', 'whatever', 'qazwsx', 'ninja', 'mustang', 'access', 'passw0rd', 'p@ssw0rd',
  'p@ssword', 'pa55word', 'admin', 'administrator', 'root', 'login', 'changeme', 'secret', 'default',
  'guest', 'test', 'test123', 'demo', 'user', 'hello', 'hallo', 'love', 'lovely', 'flower', 'computer',
  'internet', 'samsung', 'google', 'apple', 'soccer', 'hockey', 'batman', 'pokemon', 'killer',
  'pepper', 'ginger', 'cookie', 'chocolate', 'butterfly', 'summer', 'winter', 'spring', 'autumn',
  'qwe123', 'asd123', 'zxcvbnm', 'zxcvbn', 'asdfgh', 'asdf', 'qwer', 'qwert', 'azerty', 'qwertz',
  '1q2w3e', '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'zaq12wsxcde3', 'qazwsxedc', 'qazwsxedcrfv',
  'q1w2e3r4', 'q1w2e3r4t5y6', 'a1b2c3', 'a1b2c3d4', 'abcd1234', 'abcdef', 'abcdefg', 'abcdefgh',
  'abcdefghijkl', 'aa123456', 'qwertyuiopasdfghjkl', 'qwertyuiopasdfghjklzxcvbnm', 'asdfghjklzxcvbnm',
  '0123456789', '123456789012', '1234567890123', '12345678910', '987654321', '9876543210', '147258369',
  '159753', '123654', '112233', '121212', '131313', '696969', '7777777', '888888', '999999', '555555',
  '666666', '123qwe', '123abc', 'qwerty12345', 'password12345', 'passwordpassword', 'iloveyou1234',
  'letmein123', 'welcome123', 'correcthorsebatterystaple', 'mypassword', 'mysecret', 'nopassword',
  'newpassword', 'yourpassword', 'thisismypassword', 'password!', 'passord', 'passwort', 'motdepasse',
  'contraseña', 'contrasena', 'senha',
  // Swedish.
  'lösenord', 'losenord', 'losen', 'lösen', 'hemligt', 'hemlig', 'hejhej', 'hejsan', 'sommar', 'vinter',
  'varen', 'våren', 'hösten', 'hosten', 'fotboll', 'älskling', 'alskling', 'kärlek', 'karlek',
  'sverige', 'stockholm', 'göteborg', 'goteborg', 'malmö', 'malmo', 'västerås', 'vasteras', 'uppsala',
  'qwertyuiopå', 'asdfghjklöä', 'blomma', 'solsken', 'mamma', 'pappa', 'katten', 'hunden', 'glass',
  'midsommar', 'jultomten', 'kanelbulle', 'välkommen', 'valkommen', 'byteslösen', 'nyttlösen',
  'bytmig', 'ändramig', 'andramig', 'vårdcentral', 'vardcentral', 'sjukhus', 'region', 'landsting',
  // This service's own words.
  'rehab', 'smärtrehab', 'smartrehab', 'rehabscheduler', 'rehab-scheduler', 'smärta', 'smarta',
  'rehabilitering', 'smärtrehabilitering', 'smartrehabilitering', 'mmr', 'koordinator', 'coordinator',
  'clinician', 'patient', 'patienten', 'doktor', 'doctor', 'läkare', 'lakare', 'sjuksköterska',
  'sjukskoterska', 'fysioterapeut', 'psykolog', 'arbetsterapeut',
]);
