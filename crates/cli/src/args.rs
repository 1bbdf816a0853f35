//! The command line in pt-BR: clap's help headings and its own errors (invalid value,
//! missing or unknown argument, invalid UTF-8, ...) rewritten in Portuguese, with `--json`
//! honoured for them too. Help and version are printed as clap renders them.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::error::ValueError;
use crate::output::{print_out, quote, Output};

/// The help layout, with pt-BR headings.
const TEMPLATE: &str = "{before-help}{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";

/// Rewrites a command and its subcommands with pt-BR help: headings, the help and version
/// flags' own descriptions, and no `help` subcommand (`--help` is the way).
pub fn localise(cmd: Command) -> Command {
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Comandos")
        .subcommand_value_name("COMANDO")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("ajuda")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Mostra esta ajuda"),
        );
    if has_version {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("versao")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Mostra a versão"),
        );
    }
    cmd.mut_args(|a| {
        if a.get_help_heading().is_some() {
            a
        } else if a.is_positional() {
            a.help_heading("Argumentos")
        } else {
            a.help_heading("Opções")
        }
    })
    .mut_subcommands(localise)
}

/// Parses the command line, or prints clap's outcome (help, version, or the error in
/// pt-BR) and returns the exit status.
pub fn parse<T: CommandFactory + FromArgMatches>(
    args: Vec<OsString>,
    out: &Output,
) -> Result<T, u8> {
    let cmd = localise(T::command());
    let result = cmd
        .try_get_matches_from(args)
        .and_then(|m| T::from_arg_matches(&m));
    result.map_err(|e| {
        match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                print_out(&rendered(&e));
                return 0;
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand if !out.json => {
                crate::output::print_err(&rendered(&e));
                return 2;
            }
            _ => {}
        }
        out.error_message(&format!("{}. Veja 'retaguarda --help'.", message(&e)));
        2
    })
}

/// Help or version as clap renders them, with the usage's one English word in pt-BR and a
/// final newline.
fn rendered(e: &clap::Error) -> String {
    let mut text = e.render().to_string().replace("[OPTIONS]", "[OPÇÕES]");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(quote(s)),
        ContextValue::Strings(v) => Some(v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ")),
        ContextValue::StyledStr(s) => Some(quote(&s.to_string())),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| quote(&s.to_string()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The pt-BR message of a clap error, quoting at most the beginning of what was typed.
pub fn message(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_else(|| "o argumento".into());
    let value = context(e, ContextKind::InvalidValue);
    let suggestion = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .map(|s| format!("; você quis dizer '{s}'?"))
        .unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidValue => match value.as_deref() {
            Some("") | None => format!("falta o valor de {arg}"),
            Some(v) => {
                let valid = context(e, ContextKind::ValidValue)
                    .map(|v| format!("; valores aceitos: {v}"))
                    .unwrap_or_default();
                format!("valor inválido '{v}' para {arg}{valid}{suggestion}")
            }
        },
        ErrorKind::ValueValidation => {
            match std::error::Error::source(e).and_then(|s| s.downcast_ref::<ValueError>()) {
                Some(ours) => format!("{ours} (em {arg})"),
                None => format!("valor inválido '{}' para {arg}", value.unwrap_or_default()),
            }
        }
        ErrorKind::UnknownArgument => format!("argumento desconhecido '{arg}'{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let name = context(e, ContextKind::InvalidSubcommand).unwrap_or(arg);
            format!("comando desconhecido '{name}'{suggestion}")
        }
        ErrorKind::MissingRequiredArgument => format!("falta o argumento obrigatório {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let valid = context(e, ContextKind::ValidSubcommand)
                .map(|v| format!(" ({v})"))
                .unwrap_or_default();
            format!("falta o comando{valid}")
        }
        ErrorKind::InvalidUtf8 => {
            "um argumento não é texto UTF-8 válido; use só letras, números e acentos comuns".into()
        }
        ErrorKind::ArgumentConflict => match context(e, ContextKind::PriorArg) {
            Some(prior) => format!("{arg} não pode ser usado junto com {prior}"),
            None => format!("{arg} não pode ser usado com os outros argumentos dados"),
        },
        ErrorKind::NoEquals => format!("{arg} exige '=' antes do valor"),
        ErrorKind::TooManyValues => match value {
            Some(v) => format!("valor a mais '{v}' para {arg}"),
            None => format!("valores demais para {arg}"),
        },
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("número errado de valores para {arg}")
        }
        _ => "linha de comando inválida".into(),
    }
}
