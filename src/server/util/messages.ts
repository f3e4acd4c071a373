// The sentences the server answers with, in English and in French. An error the user can act on
// carries both (UserError); the API answers in the language the request prefers (Accept-Language,
// English by default), the CLI and the server log in English (the error's message). A value that
// breaks a parameter's form is echoed as written; dates are otherwise ISO in English, DD/MM/YYYY
// in French.

export type Lang = 'en' | 'fr';

/** One sentence in each language. */
export interface Text {
  en: string;
  fr: string;
}

/** An error answered with its sentence in the request's language and its status (400 unless said). */
export class UserError extends Error {
  constructor(
    readonly text: Text,
    readonly statusCode: number = 400,
  ) {
    super(text.en);
  }
}

/** French when Accept-Language ranks French above English ("fr", "fr-FR", "de, fr;q=0.8"), else English. */
export function preferredLang(acceptLanguage: string | undefined): Lang {
  let best: { lang: Lang; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const lang = tag.split('-')[0];
    if (lang !== 'fr' && lang !== 'en') continue;
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    // on a tie the first named wins, as the header lists in order of preference
    if (q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'en';
}

/** A sentence that has no French version (another library's): the same in both. */
export const untranslated = (message: string): Text => ({ en: message, fr: message });

/** 2026-10-31 → 31/10/2026 (anything else as it is). */
const frDate = (date: string) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : date);

/** 'due, invoice' → 'due or invoice' / 'due ou invoice'. */
const either = (values: readonly unknown[], or: string) => (values.length > 1 ? `${values.slice(0, -1).join(', ')} ${or} ${values.at(-1)}` : String(values[0] ?? ''));

/** 2147483648 → 2 GB / 2 Go; 200 → 200 bytes / 200 octets. */
const bytes = (n: number): Text => {
  for (const [size, en, fr] of [[1024 ** 3, 'GB', 'Go'], [1024 ** 2, 'MB', 'Mo'], [1024, 'KB', 'Ko']] as const) {
    if (n >= size) {
      const x = +(n / size).toFixed(1);
      return { en: `${x} ${en}`, fr: `${String(x).replace('.', ',')} ${fr}` };
    }
  }
  return { en: `${n} bytes`, fr: `${n} octets` };
};

/** " (value)" after a parameter's name, nothing for an empty value. */
const shown = (value: unknown) => (value === undefined || value === '' ? '' : ` (${typeof value === 'string' ? value : JSON.stringify(value)})`);

/** What a parameter must be, completing "must be …" / "doit être …". */
export const expected = {
  wholeNumber: (min?: number, max?: number): Text =>
    min !== undefined && max !== undefined
      ? { en: `a whole number from ${min} to ${max}`, fr: `un nombre entier de ${min} à ${max}` }
      : min !== undefined
        ? { en: `a whole number of at least ${min}`, fr: `un nombre entier d’au moins ${min}` }
        : { en: 'a whole number', fr: 'un nombre entier' },
  number: { en: 'a number', fr: 'un nombre' } as Text,
  /** a number within bounds: "a number from 0 to less than 1, such as 0.02" */
  numberIn: (min: number | undefined, max: number | undefined, maxExcluded: boolean, example?: unknown): Text => {
    const range: Text =
      min !== undefined && max !== undefined
        ? { en: `a number from ${min} to ${maxExcluded ? 'less than ' : ''}${max}`, fr: `un nombre de ${min} à ${maxExcluded ? 'moins de ' : ''}${max}` }
        : min !== undefined
          ? { en: `a number of at least ${min}`, fr: `un nombre d’au moins ${min}` }
          : max !== undefined
            ? { en: `a number ${maxExcluded ? 'below' : 'up to'} ${max}`, fr: `un nombre ${maxExcluded ? 'inférieur à' : 'jusqu’à'} ${max}` }
            : { en: 'a number', fr: 'un nombre' };
    // a rate is a fraction: the example says so (0.02 for 2 %), with the point a URL needs
    return example === undefined ? range : { en: `${range.en}, such as ${example}`, fr: `${range.fr}, comme ${example}` };
  },
  boolean: { en: 'true or false', fr: 'true ou false' } as Text,
  oneOf: (values: readonly unknown[]): Text => ({ en: either(values, 'or'), fr: either(values, 'ou') }),
  text: { en: 'a text', fr: 'un texte' } as Text,
  pattern: (pattern: string): Text => ({ en: `a text of the form ${pattern}`, fr: `un texte de la forme ${pattern}` }),
  bucketEdges: { en: 'a list of increasing numbers of days separated by commas, such as 30,60,90', fr: 'une liste de nombres de jours croissants séparés par des virgules, comme 30,60,90' } as Text,
};

/** A query or path parameter, or a field of a JSON body. */
export type ParameterKind = 'parameter' | 'field';
const KIND: Record<ParameterKind, Text> = { parameter: { en: 'parameter', fr: 'paramètre' }, field: { en: 'field', fr: 'champ' } };

export const say = {
  noData: { en: 'There is no data yet: import a FEC or an invoice list first.', fr: 'Il n’y a pas encore de données : importez d’abord un FEC ou une liste de factures.' } as Text,

  unknownEntity: (entity: string, known: string[]): Text =>
    known.length
      ? { en: `Unknown entity ${entity}: the entities with data are ${known.join(', ')}.`, fr: `Entité inconnue ${entity} : les entités avec des données sont ${known.join(', ')}.` }
      : { en: `Unknown entity ${entity}: there is no data yet; import a FEC or an invoice list first.`, fr: `Entité inconnue ${entity} : il n’y a pas encore de données ; importez d’abord un FEC ou une liste de factures.` },

  afterData: (asOf: string, last: string, entity: string | null): Text => ({
    en: `The data${entity ? ` of entity ${entity}` : ''} ends on ${last}: there are no figures on ${asOf} yet. Pick a date up to ${last}; what comes after is projected on the Forecast page.`,
    fr: `Les données${entity ? ` de l’entité ${entity}` : ''} s’arrêtent au ${frDate(last)} : il n’y a pas encore de chiffres au ${frDate(asOf)}. Choisissez une date jusqu’au ${frDate(last)} ; la suite est projetée sur la page Prévision.`,
  }),

  beforeData: (asOf: string, first: string, entity: string | null): Text => ({
    en: `No data yet on ${asOf}: the data${entity ? ` of entity ${entity}` : ''} starts on ${first}. Pick a date from ${first} on.`,
    fr: `Pas encore de données au ${frDate(asOf)} : les données${entity ? ` de l’entité ${entity}` : ''} commencent le ${frDate(first)}. Choisissez une date à partir du ${frDate(first)}.`,
  }),

  fecOneEntity: (entities: string[]): Text =>
    entities.length
      ? { en: `A FEC file holds one entity's entries: name the entity (--entity), one of ${entities.join(', ')}.`, fr: `Un fichier FEC porte les écritures d’une seule entité : nommez-la (--entity), parmi ${entities.join(', ')}.` }
      : { en: 'There is no provision to book at this date: no doubtful receivable open and none booked.', fr: 'Aucune dépréciation à comptabiliser à cette date : aucune créance douteuse ouverte ni dépréciation comptabilisée.' },

  noItemsForClient: (client: string, asOf: string | null | undefined): Text => ({
    en: `No items for client ${client}${asOf ? ` on or before ${asOf}` : ''}.`,
    fr: `Aucune pièce pour le client ${client}${asOf ? ` au ${frDate(asOf)} ou avant` : ''}.`,
  }),

  noSuchWeek: (weeks: number, week: number): Text => ({
    en: `The plan has ${weeks} weeks; there is no week ${week}.`,
    fr: `Le plan compte ${weeks} semaines ; il n’y a pas de semaine ${week}.`,
  }),

  noSnapshot: (id: number): Text => ({ en: `There is no forecast snapshot #${id}.`, fr: `Il n’y a pas de prévision enregistrée n° ${id}.` }),

  snapshotsOutOfOrder: (previous: { snapshot_id: number; as_of: string }, current: { snapshot_id: number; as_of: string }): Text => ({
    en: `The previous snapshot (#${previous.snapshot_id}, ${previous.as_of}) must be dated before the current one (#${current.snapshot_id}, ${current.as_of}).`,
    fr: `La prévision précédente (n° ${previous.snapshot_id}, du ${frDate(previous.as_of)}) doit être datée avant l’actuelle (n° ${current.snapshot_id}, du ${frDate(current.as_of)}).`,
  }),

  snapshotsOfTwoEntities: { en: 'The two snapshots are not of the same entity.', fr: 'Les deux prévisions enregistrées ne portent pas sur la même entité.' } as Text,

  noImportJob: { en: 'No such import job (jobs are kept while the server runs).', fr: 'Aucun import en cours sous ce numéro (ils sont gardés tant que le serveur tourne).' } as Text,

  uploadNotMultipart: { en: 'Send the files as multipart/form-data (field name: file).', fr: 'Envoyez les fichiers en multipart/form-data (nom du champ : file).' } as Text,

  uploadTooLarge: (file: string | null, limitBytes: number): Text => {
    const limit = bytes(limitBytes);
    return {
      en: `${file ?? 'The file'} is larger than the upload limit of ${limit.en}. Import it with the CLI (npx encours import) or the inbox folder, or raise the limit with --max-upload / ENCOURS_MAX_UPLOAD.`,
      fr: `${file ?? 'Le fichier'} dépasse la taille maximale d’envoi (${limit.fr}). Importez-le avec la CLI (npx encours import) ou le dossier d’arrivée (inbox), ou relevez la limite avec --max-upload / ENCOURS_MAX_UPLOAD.`,
    };
  },

  tooManyFiles: (max: number): Text => ({ en: `Send at most ${max} files at once.`, fr: `Envoyez au plus ${max} fichiers à la fois.` }),

  uploadInterrupted: {
    en: 'The upload was cut off, or is not well-formed multipart/form-data: send the files again (field name: file).',
    fr: 'L’envoi a été interrompu, ou n’est pas un multipart/form-data bien formé : envoyez à nouveau les fichiers (nom du champ : file).',
  } as Text,
  noFileReceived: { en: 'No file received: attach one or more ledger exports (field name: file).', fr: 'Aucun fichier reçu : joignez un ou plusieurs exports comptables (nom du champ : file).' } as Text,

  mappingNotJson: (detail: string): Text => ({
    en: `The column mapping is not valid JSON (${detail}). Example: {"columns": {"invoice_num": "Doc No"}, "date_format": "DD/MM/YYYY"}.`,
    fr: `La correspondance des colonnes n’est pas du JSON valide (${detail}). Exemple : {"columns": {"invoice_num": "N° pièce"}, "date_format": "DD/MM/YYYY"}.`,
  }),

  badUrl: (url: string): Text => ({
    en: `The address ${url} is not valid: a character in it is not encoded (write % as %25).`,
    fr: `L’adresse ${url} n’est pas valide : un caractère n’y est pas encodé (écrivez % comme %25).`,
  }),
  noApiRoute: (method: string, path: string): Text => ({ en: `No API route ${method} ${path}.`, fr: `Aucune route d’API ${method} ${path}.` }),
  notFound: { en: 'Not found.', fr: 'Introuvable.' } as Text,
  internalError: { en: 'Encours hit an internal error; the details are in the server log.', fr: 'Encours a rencontré une erreur interne ; le détail est dans le journal du serveur.' } as Text,
  dataChanged: {
    en: 'The figures changed while this was being computed (a new import): ask again in a moment.',
    fr: 'Les chiffres ont changé pendant ce calcul (un nouvel import) : redemandez dans un instant.',
  } as Text,

  // what fastify refuses before a route runs: the request's parameters and body
  badDate: (name: string, value: unknown): Text =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? { en: `The date ${name} (${value}) does not exist: write a date YYYY-MM-DD.`, fr: `La date ${name} (${value}) n’existe pas : écrivez une date AAAA-MM-JJ.` }
      : { en: `The date ${name}${shown(value)} is not written YYYY-MM-DD: write it like 2024-06-30.`, fr: `La date ${name}${shown(value)} n’est pas écrite AAAA-MM-JJ : écrivez-la comme 2024-06-30.` },
  invalid: (kind: ParameterKind, name: string, value: unknown, what: Text): Text => ({
    en: `The ${KIND[kind].en} ${name}${shown(value)} must be ${what.en}.`,
    fr: `Le ${KIND[kind].fr} ${name}${shown(value)} doit être ${what.fr}.`,
  }),
  missing: (kind: ParameterKind, name: string, what: Text): Text => ({
    en: `The ${KIND[kind].en} ${name} is missing: give ${what.en}.`,
    fr: `Le ${KIND[kind].fr} ${name} manque : donnez ${what.fr}.`,
  }),
  bodyNotObject: { en: 'The request body must be a JSON object.', fr: 'Le corps de la requête doit être un objet JSON.' } as Text,
  bodyNotJson: { en: 'The request body is not valid JSON.', fr: 'Le corps de la requête n’est pas du JSON valide.' } as Text,
  bodyEmpty: { en: 'The request body is empty although its content-type says JSON: send a JSON object.', fr: 'Le corps de la requête est vide alors que son type annonce du JSON : envoyez un objet JSON.' } as Text,
  bodyTooLarge: (limitBytes: number): Text => {
    const limit = bytes(limitBytes);
    return { en: `The request body is larger than ${limit.en}.`, fr: `Le corps de la requête dépasse ${limit.fr}.` };
  },
  unsupportedMediaType: (contentType: string | undefined): Text => ({
    en: `This route does not read a body of type ${contentType ?? '(none)'}: send JSON (application/json).`,
    fr: `Cette route ne lit pas un corps de type ${contentType ?? '(aucun)'} : envoyez du JSON (application/json).`,
  }),

  // accounts, sessions and who may do what
  signIn: { en: 'Sign in to use Encours.', fr: 'Connectez-vous pour utiliser Encours.' } as Text,
  forbidden: (role: string, needed: string): Text => ({
    en: `Your role (${role}) does not allow this: it takes the ${needed} role. Ask an admin.`,
    fr: `Votre rôle (${role}) ne le permet pas : il faut le rôle ${needed}. Demandez à un administrateur.`,
  }),
  badCredentials: { en: 'Unknown user or wrong password.', fr: 'Utilisateur inconnu ou mot de passe erroné.' } as Text,
  tooManyAttempts: { en: 'Too many attempts: wait a few minutes before trying again.', fr: 'Trop de tentatives : attendez quelques minutes avant de réessayer.' } as Text,
  wrongCurrentPassword: { en: 'The current password is not the right one.', fr: 'Le mot de passe actuel n’est pas le bon.' } as Text,
  setupDone: { en: 'The first admin exists already: sign in, or ask an admin for an account.', fr: 'Le premier administrateur existe déjà : connectez-vous, ou demandez un compte à un administrateur.' } as Text,
  badSetupCode: { en: 'This is not the code the server printed when it started (see its log).', fr: 'Ce n’est pas le code que le serveur a affiché au démarrage (voyez son journal).' } as Text,
  userExists: (username: string): Text => ({ en: `There is already a user ${username}.`, fr: `Il existe déjà un utilisateur ${username}.` }),
  noSuchUser: (username: string): Text => ({ en: `There is no user ${username}.`, fr: `Il n’y a pas d’utilisateur ${username}.` }),
  lastAdmin: (username: string): Text => ({
    en: `${username} is the last active admin: make another user admin first.`,
    fr: `${username} est le dernier administrateur actif : nommez d’abord un autre administrateur.`,
  }),
  firstIsAdmin: {
    en: 'The first account must be an admin: it is the one that opens the others.',
    fr: 'Le premier compte doit être un administrateur : c’est lui qui ouvre les autres.',
  } as Text,
  hostNotAllowed: (host: string): Text => ({
    en: `This server does not answer for the host name ${host}: use one it is configured for (--allowed-hosts, ENCOURS_ALLOWED_HOSTS).`,
    fr: `Ce serveur ne répond pas au nom ${host} : utilisez l’un de ceux pour lesquels il est configuré (--allowed-hosts, ENCOURS_ALLOWED_HOSTS).`,
  }),
  foreignOrigin: (origin: string): Text => ({
    en: `Refused: the request comes from another site (${origin}).`,
    fr: `Refusé : la requête vient d’un autre site (${origin}).`,
  }),

  // removing an import
  noSuchImport: (id: number): Text => ({ en: `There is no import #${id}.`, fr: `Il n’y a pas d’import n° ${id}.` }),
  importNotActive: (id: number, status: string): Text => ({
    en: `Import #${id} is not in force (${status}): only an import in force can be removed.`,
    fr: `L’import n° ${id} n’est pas en vigueur (${status}) : seul un import en vigueur peut être retiré.`,
  }),

  // collections: what is recorded is checked first; the field at fault is named
  unknownClient: (client: string, entity: string | null): Text => ({
    en: `client_id: there is no client ${client}${entity ? ` in entity ${entity}` : ''} in the ledger; give the client code as the ledger has it.`,
    fr: `client_id : il n’y a pas de client ${client}${entity ? ` dans l’entité ${entity}` : ''} dans le grand livre ; donnez le code client tel que le grand livre l’écrit.`,
  }),
  clientInSeveralEntities: (client: string, entities: string[]): Text => ({
    en: `entity: client ${client} is in several entities (${entities.join(', ')}); say which.`,
    fr: `entity : le client ${client} est dans plusieurs entités (${entities.join(', ')}) ; précisez laquelle.`,
  }),
  unknownInvoice: (invoice: string, client: string): Text => ({
    en: `invoice_ref: client ${client} has no invoice ${invoice} in the ledger.`,
    fr: `invoice_ref : le client ${client} n’a pas de facture ${invoice} dans le grand livre.`,
  }),
  invoiceNotOpen: (invoice: string, asOf: string): Text => ({
    en: `invoice_ref: invoice ${invoice} is not open at ${asOf}; a promise or a dispute is about what is still owed.`,
    fr: `invoice_ref : la facture ${invoice} n’est pas ouverte au ${frDate(asOf)} ; une promesse ou un litige porte sur ce qui reste dû.`,
  }),
  fieldRequired: (field: string, kind: string): Text => ({
    en: `${field}: required for ${kind.replaceAll('_', ' ')}.`,
    fr: `${field} : obligatoire pour ${kind.replaceAll('_', ' ')}.`,
  }),
  fieldNotFor: (field: string, kind: string): Text => ({
    en: `${field}: does not go with ${kind.replaceAll('_', ' ')}; leave it out.`,
    fr: `${field} : ne va pas avec ${kind.replaceAll('_', ' ')} ; ne le donnez pas.`,
  }),
  promiseBeforeAsOf: (date: string, asOf: string): Text => ({
    en: `promise_date: ${date} is before the date of the data (${asOf}); a promise to pay is for a day to come.`,
    fr: `promise_date : le ${frDate(date)} est avant la date des données (${frDate(asOf)}) ; une promesse de paiement porte sur un jour à venir.`,
  }),
  promiseBeforeDone: (date: string, doneOn: string): Text => ({
    en: `promise_date: ${date} is before the day the promise was made (${doneOn}).`,
    fr: `promise_date : le ${frDate(date)} est avant le jour où la promesse a été faite (${frDate(doneOn)}).`,
  }),
  disputeAlreadyOpen: (invoice: string, id: number): Text => ({
    en: `invoice_ref: invoice ${invoice} already has an open dispute (#${id}); resolve it or add a note to it.`,
    fr: `invoice_ref : la facture ${invoice} a déjà un litige ouvert (n° ${id}) ; résolvez-le ou ajoutez-y une note.`,
  }),
  resolvedBeforeOpened: (date: string, opened: string): Text => ({
    en: `done_on: ${date} is before the dispute was opened (${opened}).`,
    fr: `done_on : le ${frDate(date)} est avant l’ouverture du litige (${frDate(opened)}).`,
  }),
  tooFarAhead: (field: string, date: string, limit: string): Text => ({
    en: `${field}: ${date} is more than a year ahead; give a date up to ${limit}.`,
    fr: `${field} : le ${frDate(date)} est à plus d’un an ; donnez une date jusqu’au ${frDate(limit)}.`,
  }),
  doneBeforeData: (date: string, first: string): Text => ({
    en: `done_on: ${date} is before the first date of the data (${first}).`,
    fr: `done_on : le ${frDate(date)} est avant la première date des données (${frDate(first)}).`,
  }),
  closingBeforeData: (date: string, first: string): Text => ({
    en: `from_date: the closing of ${date} is before the first date of the data (${first}); give the closing the rate is decided for.`,
    fr: `from_date : la clôture du ${frDate(date)} est avant la première date des données (${frDate(first)}) ; donnez la clôture pour laquelle le taux est décidé.`,
  }),
  creditReasonRequired: {
    en: 'reason: say why this limit is decided (at least 3 characters).',
    fr: 'reason : dites pourquoi cette limite est décidée (3 caractères au moins).',
  } as Text,
  creditAmountNegative: {
    en: 'amount: a credit limit cannot be negative (0 for no credit, null to withdraw the limit).',
    fr: 'amount : une limite de crédit ne peut pas être négative (0 pour aucun crédit, null pour la retirer).',
  } as Text,
  creditEndsBeforeData: (date: string, first: string): Text => ({
    en: `valid_until: ${date} is before the first date of the data (${first}); give the last day the limit holds.`,
    fr: `valid_until : le ${frDate(date)} est avant la première date des données (${frDate(first)}) ; donnez le dernier jour où la limite vaut.`,
  }),
  reasonRequired: {
    en: 'reason: say why this rate is decided (at least 3 characters): the auditors will ask.',
    fr: 'reason : dites pourquoi ce taux est décidé (3 caractères au moins) : les commissaires aux comptes le demanderont.',
  } as Text,
  holdBeforeDone: (until: string, done: string): Text => ({
    en: `hold_until: ${until} is before the day the hold was put (${done}).`,
    fr: `hold_until : le ${frDate(until)} est avant le jour de la suspension (${frDate(done)}).`,
  }),
  fieldBlank: (field: string): Text => ({ en: `${field}: write something (it is blank).`, fr: `${field} : écrivez quelque chose (le champ est vide).` }),
  holdBeforeAsOf: (date: string, asOf: string): Text => ({
    en: `hold_until: ${date} is not after the date of the data (${asOf}); put on hold until a day to come.`,
    fr: `hold_until : le ${frDate(date)} n’est pas après la date des données (${frDate(asOf)}) ; suspendez jusqu’à un jour à venir.`,
  }),
  amountAboveOpen: (amount: number, open: number, what: string): Text => ({
    en: `amount: ${amount.toFixed(2)} is more than the ${what} still open (${open.toFixed(2)}).`,
    fr: `amount : ${amount.toFixed(2).replace('.', ',')} dépasse ${what === 'invoice' ? 'le montant encore ouvert de la facture' : 'l’encours du client'} (${open.toFixed(2).replace('.', ',')}).`,
  }),
  doneInFuture: (date: string, today: string): Text => ({
    en: `done_on: ${date} is after today (${today}); record what was done.`,
    fr: `done_on : le ${frDate(date)} est après aujourd’hui (${frDate(today)}) ; enregistrez ce qui a été fait.`,
  }),
  noSuchLevel: (level: number, levels: number, policy: string): Text => ({
    en: `level: the ${policy.replace('_', ' ')} policy has ${levels} levels, not ${level}.`,
    fr: `level : la politique ${policy === 'key_account' ? 'compte clé' : 'standard'} a ${levels} niveaux, pas ${level}.`,
  }),
  noOpenDispute: (id: number, client: string): Text => ({
    en: `resolves_id: there is no open dispute #${id} for client ${client}.`,
    fr: `resolves_id : il n’y a pas de litige ouvert n° ${id} pour le client ${client}.`,
  }),
  noSuchContact: (id: number): Text => ({ en: `There is no contact #${id}.`, fr: `Il n’y a pas de contact n° ${id}.` }),
  contactNeedsMeans: { en: 'email or phone: give at least one way to reach the contact.', fr: 'email ou phone : donnez au moins un moyen de joindre le contact.' } as Text,
  badEmail: (email: string): Text => ({ en: `email: ${email} is not an e-mail address.`, fr: `email : ${email} n’est pas une adresse e-mail.` }),

  // reminders: the letters that go out
  templateBroken: (detail: string): Text => ({
    en: `A letter template cannot be used: ${detail}`,
    fr: `Un modèle de lettre est inutilisable : ${detail}`,
  }),
  notLatestDate: (asOf: string, latest: string): Text => ({
    en: `as_of: letters are sent at the latest date of the data (${latest}), not at ${asOf}.`,
    fr: `as_of : les lettres partent à la dernière date des données (${frDate(latest)}), pas au ${frDate(asOf)}.`,
  }),
  nothingDueForLetter: (client: string, level: number | null, asOf: string): Text => ({
    en: `Client ${client} has no invoice ${level ? `due for a reminder of level ${level}` : 'due for a written reminder'} at ${asOf}; ask for its statement of account instead (template=statement).`,
    fr: `Le client ${client} n’a pas de facture ${level ? `à relancer au niveau ${level}` : 'à relancer par écrit'} au ${frDate(asOf)} ; demandez plutôt son relevé de compte (template=statement).`,
  }),
  noSuchMessage: (id: number): Text => ({ en: `There is no message #${id}.`, fr: `Il n’y a pas de message n° ${id}.` }),
  noMessageContent: (id: number): Text => ({
    en: `Message #${id} carried nothing that was kept: it failed, or is still in doubt.`,
    fr: `Le message n° ${id} n’a rien gardé de ce qu’il portait : il a échoué, ou reste en suspens.`,
  }),
  messageNotInDoubt: (id: number, status: string): Text => ({
    en: `Message #${id} is ${status}: only a message left sending (the server stopped while it went) can be said sent or not.`,
    fr: `Le message n° ${id} est ${status === 'sent' ? 'envoyé' : 'en échec'} : seul un message resté « en cours d’envoi » (le serveur s’est arrêté pendant l’envoi) peut être dit envoyé ou non.`,
  }),
  companyMissing: (fields: string[]): Text => ({
    en: `The letters cannot name our company: ${fields.join(', ')} missing in the settings (reminders.company).`,
    fr: `Les lettres ne peuvent pas nommer notre société : ${fields.join(', ')} manquant dans les réglages (reminders.company).`,
  }),
  noSmtp: {
    en: 'No SMTP server is configured: set reminders.smtp in the settings, or ENCOURS_SMTP_HOST (and _PORT, _USER, _PASSWORD, _FROM).',
    fr: 'Aucun serveur SMTP n’est configuré : renseignez reminders.smtp dans les réglages, ou ENCOURS_SMTP_HOST (et _PORT, _USER, _PASSWORD, _FROM).',
  } as Text,
  noLettersToPrint: {
    en: 'There is no letter to print: none of those named is in the batch (sent already, or no longer due), or none can be written.',
    fr: 'Aucune lettre à imprimer : aucune de celles demandées n’est dans le lot (déjà envoyée, ou plus due), ou aucune ne peut être écrite.',
  } as Text,
  // the CFO's levers: inputs that go together
  discountDaysNotBeforeNet: (k: number, n: number): Text => ({
    en: `discount_days (${k}) must be fewer than net_days (${n}): the discount is for paying sooner than the terms.`,
    fr: `discount_days (${k}) doit être inférieur à net_days (${n}) : l’escompte rémunère un paiement plus tôt que l’échéance.`,
  }),

  noOpenInvoices: (client: string, asOf: string): Text => ({
    en: `Client ${client} has no open invoice at ${asOf}: there is no statement to write.`,
    fr: `Le client ${client} n’a pas de facture ouverte au ${frDate(asOf)} : il n’y a pas de relevé à écrire.`,
  }),
};
