// Docker Compose's variable interpolation, for checking compose.yaml against example.env: ${NAME},
// ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}, $NAME, and $$ for a literal $.

const REFERENCE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function composeReferences(text) {
    const names = [];
    for (const m of text.matchAll(REFERENCE)) if (m[0] !== '$$') names.push(m[1] ?? m[4]);
    return names;
}

export function interpolate(text, env) {
    return text.replace(REFERENCE, (whole, braced, operator, argument, bare) => {
        if (whole === '$$') return '$';
        const name = braced ?? bare;
        const value = env[name];
        const unset = value === undefined || (operator?.startsWith(':') && value === '');
        if (operator?.endsWith('-')) return unset ? argument : value;
        if (operator?.endsWith('?') && unset) throw new Error(`${name}: ${argument}`);
        if (operator?.endsWith('+')) return unset ? '' : argument;
        if (value === undefined) throw new Error(`${name} is not set`);
        return value;
    });
}
