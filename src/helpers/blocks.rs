//! The block helpers `each`, `if`, `unless` and `with`, with handlebars-rust's
//! semantics, replacing its built-ins so that every iteration and every branch is
//! charged to the render's step budget (`crate::budget`) before it renders.

use super::fail;
use crate::budget;
use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult, JsonTruthy,
    Output, PathAndJson, RenderContext, RenderError, RenderErrorReason, Renderable, Template,
    to_json,
};
use serde_json::Value;

/// What rendering `template` once costs: one step, plus one per element at its top
/// level (nested blocks charge for themselves when they run).
fn cost(template: Option<&Template>) -> u64 {
    1 + template.map_or(0, |t| t.elements.len() as u64)
}

fn charge(steps: u64) -> Result<(), RenderError> {
    budget::charge(steps).map_err(fail)
}

fn block_for<'rc>(param: &PathAndJson<'rc>) -> BlockContext<'rc> {
    let mut block = BlockContext::new();
    match param.context_path() {
        Some(path) => block.base_path_mut().clone_from(path),
        None => block.set_base_value(param.value().clone()),
    }
    block
}

fn first_param<'a, 'rc>(
    h: &'a Helper<'rc>,
    name: &'static str,
) -> Result<&'a PathAndJson<'rc>, RenderError> {
    h.param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(name, 0).into())
}

pub struct Each;

impl HelperDef for Each {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = first_param(h, "each")?;
        let Some(template) = h.template() else {
            return Ok(());
        };
        let items: Vec<(Value, &Value)> = match value.value() {
            Value::Array(list) if !list.is_empty() || h.inverse().is_none() => list
                .iter()
                .enumerate()
                .map(|(i, v)| (to_json(i), v))
                .collect(),
            Value::Object(map) if !map.is_empty() || h.inverse().is_none() => {
                map.iter().map(|(k, v)| (to_json(k), v)).collect()
            }
            _ => {
                return match h.inverse() {
                    Some(inverse) => {
                        charge(cost(Some(inverse)))?;
                        inverse.render(r, ctx, rc, out)
                    }
                    None => Err(RenderError::strict_error(value.relative_path())),
                };
            }
        };
        let is_object = value.value().is_object();
        let base = value.context_path();
        let mut block = block_for(value);
        let len = items.len();
        let per_item = cost(Some(template));
        rc.push_block(std::mem::take(&mut block));
        let result = (|| {
            for (i, (key, item)) in items.into_iter().enumerate() {
                charge(per_item)?;
                if let Some(block) = rc.block_mut() {
                    block.set_local_var("first", to_json(i == 0));
                    block.set_local_var("last", to_json(i + 1 == len));
                    block.set_local_var("index", to_json(i));
                    if is_object {
                        block.set_local_var("key", key.clone());
                    }
                    let relative = match &key {
                        Value::String(k) => k.clone(),
                        other => other.to_string(),
                    };
                    match base {
                        Some(path) if i == 0 => {
                            let mut full = path.clone();
                            full.push(relative);
                            *block.base_path_mut() = full;
                        }
                        Some(_) => {
                            if let Some(last) = block.base_path_mut().last_mut() {
                                *last = relative;
                            }
                        }
                        None => block.set_base_value(item.clone()),
                    }
                    set_block_params(block, h, base.is_some(), &key, item)?;
                }
                template.render(r, ctx, rc, out)?;
            }
            Ok(())
        })();
        rc.pop_block();
        result
    }
}

fn set_block_params<'rc>(
    block: &mut BlockContext<'rc>,
    h: &Helper<'rc>,
    by_path: bool,
    key: &Value,
    item: &Value,
) -> Result<(), RenderError> {
    let (value_name, key_name) = match (h.block_param(), h.block_param_pair()) {
        (Some(v), _) => (v, None),
        (None, Some((v, k))) => (v, Some(k)),
        (None, None) => return Ok(()),
    };
    let mut params = BlockParams::new();
    if by_path {
        params.add_path(value_name, Vec::new())?;
    } else {
        params.add_value(value_name, item.clone())?;
    }
    if let Some(k) = key_name {
        params.add_value(k, key.clone())?;
    }
    block.set_block_params(params);
    Ok(())
}

/// `if` (`positive`) and `unless`.
pub struct If {
    pub positive: bool,
}

impl HelperDef for If {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let param = first_param(h, if self.positive { "if" } else { "unless" })?;
        let include_zero = h
            .hash_get("includeZero")
            .and_then(|v| v.value().as_bool())
            .unwrap_or(false);
        let truthy = param.value().is_truthy(include_zero) == self.positive;
        let branch = if truthy { h.template() } else { h.inverse() };
        charge(cost(branch))?;
        match branch {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        }
    }
}

pub struct With;

impl HelperDef for With {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let param = first_param(h, "with")?;
        if !param.value().is_truthy(false) {
            return match h.inverse() {
                Some(t) => {
                    charge(cost(Some(t)))?;
                    t.render(r, ctx, rc, out)
                }
                None => Err(RenderError::strict_error(param.relative_path())),
            };
        }
        charge(cost(h.template()))?;
        let mut block = block_for(param);
        // @index, @first … of an enclosing #each stay readable inside #with.
        if let Some(parent) = rc.block() {
            block
                .local_variables_mut()
                .clone_from(parent.local_variables());
        }
        if let Some(name) = h.block_param() {
            let mut params = BlockParams::new();
            if param.context_path().is_some() {
                params.add_path(name, Vec::new())?;
            } else {
                params.add_value(name, param.value().clone())?;
            }
            block.set_block_params(params);
        }
        rc.push_block(block);
        let result = match h.template() {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        };
        rc.pop_block();
        result
    }
}

#[cfg(test)]
mod tests {
    use crate::helpers::testing::render;
    use serde_json::json;

    #[test]
    fn each_gives_index_first_last_key_and_block_params() {
        let data = json!({"a": ["x", "y"], "o": {"k": 1, "l": 2}, "e": []});
        let out = render(
            "en",
            "{{#each a}}{{@index}}{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}},{{/each}}\
             {{#each o}}{{@key}}={{this}};{{/each}}\
             {{#each a as |v i|}}{{i}}:{{v}} {{/each}}\
             {{#each e}}x{{else}}empty{{/each}}",
            data,
        )
        .unwrap();
        assert_eq!(out, "0xF,1yL,k=1;l=2;0:x 1:y empty");
    }

    #[test]
    fn each_reaches_parent_and_root_and_with_keeps_loop_variables() {
        let data = json!({"n": "N", "items": [{"v": 1}, {"v": 2}], "w": {"z": "Z"}});
        let out = render(
            "en",
            "{{#each items}}{{v}}{{../n}}{{@root.n}}{{#with @root.w}}{{z}}{{@index}}{{/with}} {{/each}}",
            data,
        )
        .unwrap();
        assert_eq!(out, "1NNZ0 2NNZ1 ");
    }

    #[test]
    fn if_unless_with_branches() {
        let data = json!({"t": true, "z": 0, "w": {"a": "A"}, "f": false});
        let out = render(
            "en",
            "{{#if t}}1{{else}}2{{/if}}{{#unless t}}3{{else}}4{{/unless}}\
             {{#if z}}5{{else}}6{{/if}}{{#if z includeZero=true}}7{{/if}}\
             {{#with w}}{{a}}{{/with}}{{#with f}}x{{else}}8{{/with}}",
            data,
        )
        .unwrap();
        assert_eq!(out, "1467A8");
    }

    #[test]
    fn strict_about_missing_lists() {
        assert!(render("en", "{{#each nope}}x{{/each}}", json!({})).is_err());
        assert!(render("en", "{{#with nope}}x{{/with}}", json!({})).is_err());
    }

    #[test]
    fn nested_loops_with_empty_bodies_stop_at_the_step_budget() {
        // Reliability review F3: 26 levels over two items never finished.
        let source = format!(
            "{}{}",
            "{{#each @root.a}}".repeat(26),
            "{{/each}}".repeat(26)
        );
        crate::budget::start();
        let e = render("en", &source, json!({"a": [1, 2]})).unwrap_err();
        assert!(e.contains("steps"), "{e}");
    }
}
